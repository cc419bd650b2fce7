namespace Jooxter.Admin.Features.Reservations;

/// <summary>
/// Times are stored in UTC and shown and entered in the building's time zone. A local time that does not exist
/// (the hour skipped when clocks spring forward) is refused; a local time that happens twice (the hour repeated when
/// clocks fall back) is taken at its first occurrence, the one a person reading a wall clock at that hour first meets.
/// Durations are real: a booking across the spring-forward night is an hour shorter on the wall clock than in UTC.
/// </summary>
public static class BuildingTime
{
    public static TimeZoneInfo Zone(string timeZoneId) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>The UTC instant of a local wall-clock time, or null when that local time does not exist in the zone.</summary>
    public static DateTime? ToUtc(DateTime local, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(unspecified))
        {
            return null;
        }

        if (zone.IsAmbiguousTime(unspecified))
        {
            // The first occurrence is the one with the larger offset (summer time).
            var offset = zone.GetAmbiguousTimeOffsets(unspecified).Max();
            return DateTime.SpecifyKind(unspecified - offset, DateTimeKind.Utc);
        }

        return TimeZoneInfo.ConvertTimeToUtc(unspecified, zone);
    }

    public static DateTime ToLocal(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);

    /// <summary>The UTC bounds of one local day (23, 24 or 25 hours long).</summary>
    public static (DateTime StartUtc, DateTime EndUtc) Day(DateOnly day, TimeZoneInfo zone) =>
        (StartOfDay(day, zone), StartOfDay(day.AddDays(1), zone));

    private static DateTime StartOfDay(DateOnly day, TimeZoneInfo zone)
    {
        // Midnight may not exist (some zones spring forward at midnight): the day starts at the first local minute that does.
        var local = day.ToDateTime(TimeOnly.MinValue);
        DateTime? utc;
        while ((utc = ToUtc(local, zone)) is null)
        {
            local = local.AddMinutes(15);
        }

        return utc.Value;
    }
}
