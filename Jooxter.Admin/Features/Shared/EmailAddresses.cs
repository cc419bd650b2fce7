using System.Net.Mail;

namespace Jooxter.Admin.Features.Shared;

/// <summary>The one e-mail check of the console: the employee form, the HR import and external guests use it alike.</summary>
public static class EmailAddresses
{
    /// <summary>A professional e-mail: one address, no display name, a dotted domain.</summary>
    public static bool IsValid(string value)
    {
        if (value.Length > 254 || value.Contains(' ', StringComparison.Ordinal) || value.Count(c => c == '@') != 1)
        {
            return false;
        }

        try
        {
            var address = new MailAddress(value);
            return address.Address == value && address.Host.Contains('.', StringComparison.Ordinal) && !address.Host.EndsWith('.');
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
