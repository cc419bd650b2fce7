using Jooxter.Admin.Features.Places;
using Jooxter.Admin.Features.Places.Booking;

namespace Jooxter.Admin.Features.Reservations;

/// <summary>Where a space is, as the rules need it: the building's clock and opening, and whether it can be booked at all.</summary>
public sealed record BookingSite(TimeZoneInfo Zone, TimeOnly? OpensAt, TimeOnly? ClosesAt, OpenDays OpenDays, bool Available, int? ZoneCap = null);

/// <summary>A booking to check: its times, the rules in force, and what the person it is for already holds.</summary>
public sealed record BookingCheck(
    DateTime StartUtc,
    DateTime EndUtc,
    DateTime NowUtc,
    EffectivePolicy Policy,
    BookingSite Site,
    IReadOnlySet<Guid> BeneficiaryGroups,
    int OverlappingBookingsOfBeneficiary,
    int OverlappingBookingsInZone = 0);

/// <summary>
/// The booking rules, pure: the same check runs when a page offers a slot, when any screen or API books, when a
/// booking is changed, and when the arbitration queue looks for bookings that a later change of rules now breaks.
/// </summary>
public static class BookingRules
{
    /// <summary>A booking may start this long before now (the slot that has just begun), never earlier.</summary>
    public static readonly TimeSpan StartGrace = TimeSpan.FromMinutes(15);

    /// <summary>Rules a person may ask a manager to waive; the others (a taken slot, a hidden space) are never waived.</summary>
    public const BookingBreach Overridable = BookingBreach.TooShort | BookingBreach.TooLong | BookingBreach.TooFarAhead | BookingBreach.ClosedDay
        | BookingBreach.OutsideOpeningHours | BookingBreach.TooManyConcurrent | BookingBreach.RestrictedAudience | BookingBreach.ZoneFull;

    public static BookingBreach Breaches(BookingCheck check)
    {
        var breaches = BookingBreach.None;
        var policy = check.Policy;
        var minutes = (check.EndUtc - check.StartUtc).TotalMinutes;
        if (minutes < policy.MinDurationMinutes.Value)
        {
            breaches |= BookingBreach.TooShort;
        }

        if (minutes > policy.MaxDurationMinutes.Value)
        {
            breaches |= BookingBreach.TooLong;
        }

        var localStart = BuildingTime.ToLocal(check.StartUtc, check.Site.Zone);
        var localEnd = BuildingTime.ToLocal(check.EndUtc, check.Site.Zone);
        var today = DateOnly.FromDateTime(BuildingTime.ToLocal(check.NowUtc, check.Site.Zone));
        if (DateOnly.FromDateTime(localStart).DayNumber - today.DayNumber > policy.MaxDaysAhead.Value)
        {
            breaches |= BookingBreach.TooFarAhead;
        }

        // Every local day the booking touches must be an open day (an end at midnight does not touch the next day).
        var lastDay = DateOnly.FromDateTime(localEnd.AddTicks(-1));
        for (var day = DateOnly.FromDateTime(localStart); day <= lastDay; day = day.AddDays(1))
        {
            if (!IsOpen(check.Site.OpenDays, day.DayOfWeek))
            {
                breaches |= BookingBreach.ClosedDay;
                break;
            }
        }

        if (check.Site.OpensAt is { } opens && check.Site.ClosesAt is { } closes
            && (DateOnly.FromDateTime(localStart) != lastDay || TimeOnly.FromDateTime(localStart) < opens || (localEnd.TimeOfDay == TimeSpan.Zero ? TimeOnly.MaxValue : TimeOnly.FromDateTime(localEnd)) > closes))
        {
            breaches |= BookingBreach.OutsideOpeningHours;
        }

        if (check.OverlappingBookingsOfBeneficiary >= policy.MaxConcurrentBookingsPerPerson.Value)
        {
            breaches |= BookingBreach.TooManyConcurrent;
        }

        if (!policy.IsBookableBy(check.BeneficiaryGroups))
        {
            breaches |= BookingBreach.RestrictedAudience;
        }

        if (!check.Site.Available)
        {
            breaches |= BookingBreach.SpaceUnavailable;
        }

        if (check.Site.ZoneCap is { } cap && check.OverlappingBookingsInZone >= cap)
        {
            breaches |= BookingBreach.ZoneFull;
        }

        return breaches;
    }

    public static bool IsOpen(OpenDays days, DayOfWeek day) => day switch
    {
        DayOfWeek.Monday => days.HasFlag(OpenDays.Monday),
        DayOfWeek.Tuesday => days.HasFlag(OpenDays.Tuesday),
        DayOfWeek.Wednesday => days.HasFlag(OpenDays.Wednesday),
        DayOfWeek.Thursday => days.HasFlag(OpenDays.Thursday),
        DayOfWeek.Friday => days.HasFlag(OpenDays.Friday),
        DayOfWeek.Saturday => days.HasFlag(OpenDays.Saturday),
        _ => days.HasFlag(OpenDays.Sunday),
    };

    /// <summary>Each breach as its own flag, in a stable order, for messages.</summary>
    public static IEnumerable<BookingBreach> Each(BookingBreach breaches) =>
        Enum.GetValues<BookingBreach>().Where(b => b != BookingBreach.None && breaches.HasFlag(b));

    /// <summary>The message key of one breach, e.g. <c>Reservation.Breach.TooLong</c>.</summary>
    public static string MessageKey(BookingBreach breach) => $"Reservation.Breach.{breach}";

    /// <summary>The figure a breach's message names (the rule's limit), or null.</summary>
    public static string? Detail(BookingBreach breach, EffectivePolicy policy, int? zoneCap = null) => breach switch
    {
        BookingBreach.ZoneFull => zoneCap?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        BookingBreach.TooShort => policy.MinDurationMinutes.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        BookingBreach.TooLong => policy.MaxDurationMinutes.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        BookingBreach.TooFarAhead => policy.MaxDaysAhead.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        BookingBreach.TooManyConcurrent => policy.MaxConcurrentBookingsPerPerson.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => null,
    };
}
