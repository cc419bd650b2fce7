using Jooxter.Admin.Data;

namespace Jooxter.Admin.Features.Places.Beacons;

public enum BeaconState
{
    Active,
    Silent,
    LowBattery,
    NeverSeen,
}

/// <summary>An iBeacon used for indoor location: UUID, major and minor identify it, uniquely per customer.</summary>
public sealed class Beacon : TenantEntity
{
    public Guid Uuid { get; set; }

    public int Major { get; set; }

    public int Minor { get; set; }

    public required string Name { get; set; }

    /// <summary>Measured power at one metre, in dBm (typically -59).</summary>
    public int TxPower { get; set; } = -59;

    public int? BatteryPercent { get; set; }

    public Guid? FloorId { get; set; }

    /// <summary>Position on the floor plan, relative (0 to 1).</summary>
    public double? X { get; set; }

    public double? Y { get; set; }

    public DateTime? LastSeenAtUtc { get; set; }

    public static bool IsValidIdentifier(int value) => value is >= 0 and <= 65535;

    /// <summary>Low battery is reported before silence: a silent beacon with a low battery most likely needs a new battery.</summary>
    public BeaconState StateAt(DateTime nowUtc, TimeSpan silentAfter, int lowBatteryPercent) => this switch
    {
        { BatteryPercent: { } battery } when battery <= lowBatteryPercent => BeaconState.LowBattery,
        { LastSeenAtUtc: null } => BeaconState.NeverSeen,
        { LastSeenAtUtc: { } seen } when nowUtc - seen > silentAfter => BeaconState.Silent,
        _ => BeaconState.Active,
    };
}
