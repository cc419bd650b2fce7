using Jooxter.Admin.Features.Places;
using Jooxter.Admin.Features.Places.Beacons;
using Jooxter.Admin.Features.Places.Booking;
using Jooxter.Admin.Features.Places.Plans;
using Jooxter.Admin.Features.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jooxter.Admin.Data.Configurations;

internal sealed class BuildingConfiguration : IEntityTypeConfiguration<Building>
{
    public void Configure(EntityTypeBuilder<Building> builder)
    {
        builder.HasOne<Tenant>().WithMany().HasForeignKey(b => b.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(b => b.Name).HasMaxLength(200);
        builder.Property(b => b.Address).HasMaxLength(500);
        builder.Property(b => b.TimeZone).HasMaxLength(64);
        builder.Property(b => b.OpenDays).HasConversion<int>();
        builder.HasIndex(b => new { b.TenantId, b.Name });
    }
}

internal sealed class FloorConfiguration : IEntityTypeConfiguration<Floor>
{
    public void Configure(EntityTypeBuilder<Floor> builder)
    {
        builder.HasOne<Building>().WithMany().HasForeignKey(f => f.BuildingId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(f => f.Name).HasMaxLength(150);
        builder.HasIndex(f => new { f.TenantId, f.BuildingId, f.Level });
    }
}

internal sealed class ZoneConfiguration : IEntityTypeConfiguration<Zone>
{
    public void Configure(EntityTypeBuilder<Zone> builder)
    {
        builder.HasOne<Floor>().WithMany().HasForeignKey(z => z.FloorId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(z => z.Name).HasMaxLength(150);
        builder.HasIndex(z => new { z.TenantId, z.FloorId });
    }
}

internal sealed class SpaceConfiguration : IEntityTypeConfiguration<Space>
{
    public void Configure(EntityTypeBuilder<Space> builder)
    {
        builder.HasOne<Floor>().WithMany().HasForeignKey(s => s.FloorId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Zone>().WithMany().HasForeignKey(s => s.ZoneId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(s => s.Name).HasMaxLength(150);
        builder.Property(s => s.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.Amenities).HasConversion<int>();
        builder.HasIndex(s => new { s.TenantId, s.FloorId, s.Name });
    }
}

internal sealed class FloorPlanConfiguration : IEntityTypeConfiguration<FloorPlan>
{
    public void Configure(EntityTypeBuilder<FloorPlan> builder)
    {
        builder.HasOne<Floor>().WithMany().HasForeignKey(p => p.FloorId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => p.FloorId).IsUnique();
        builder.Property(p => p.ContentType).HasMaxLength(40);
    }
}

internal sealed class BookingPolicyConfiguration : IEntityTypeConfiguration<BookingPolicy>
{
    public void Configure(EntityTypeBuilder<BookingPolicy> builder)
    {
        builder.HasOne<Tenant>().WithMany().HasForeignKey(p => p.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(p => p.Level).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.Audience).HasConversion<string>().HasMaxLength(30);
        builder.PrimitiveCollection(p => p.AudienceGroupIds);
        builder.HasIndex(p => new { p.TenantId, p.Level, p.TargetId }).IsUnique();
    }
}

internal sealed class BeaconConfiguration : IEntityTypeConfiguration<Beacon>
{
    public void Configure(EntityTypeBuilder<Beacon> builder)
    {
        builder.HasOne<Tenant>().WithMany().HasForeignKey(b => b.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Floor>().WithMany().HasForeignKey(b => b.FloorId).OnDelete(DeleteBehavior.SetNull);
        builder.Property(b => b.Name).HasMaxLength(150);
        builder.HasIndex(b => new { b.TenantId, b.Uuid, b.Major, b.Minor }).IsUnique();
        builder.HasIndex(b => new { b.TenantId, b.LastSeenAtUtc });
    }
}
