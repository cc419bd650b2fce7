namespace Jooxter.Admin.Features.Reservations.Notices;

/// <summary>How the console reaches its SMTP server (section <c>Mail</c>). Without a host, notices stay queued.</summary>
public sealed class MailSettings
{
    public const string Section = "Mail";

    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    /// <summary><c>None</c>, <c>StartTls</c>, <c>StartTlsWhenAvailable</c>, <c>SslOnConnect</c> or <c>Auto</c> (MailKit's names).</summary>
    public string Security { get; set; } = "StartTlsWhenAvailable";

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string From { get; set; } = "no-reply@jooxter.test";

    public string FromName { get; set; } = "Jooxter";

    /// <summary>How often the sender looks for notices due.</summary>
    public int PollSeconds { get; set; } = 15;

    /// <summary>After this many failed attempts a notice is marked failed and shown to administrators.</summary>
    public int MaxAttempts { get; set; } = 8;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);
}
