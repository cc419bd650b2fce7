using Jooxter.Admin.Features.Occupancy;
using Jooxter.Admin.Features.People;
using Jooxter.Admin.Features.Places;
using Jooxter.Admin.Features.Places.Beacons;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jooxter.Admin.Data.Configurations;

internal sealed class AccessKeyConfiguration : IEntityTypeConfiguration<AccessKey>
{
    public void Configure(EntityTypeBuilder<AccessKey> builder)
    {
        builder.Property(k => k.Name).HasMaxLength(100);
        builder.Property(k => k.Purpose).HasConversion<string>().HasMaxLength(20);
        builder.Property(k => k.KeyId).HasMaxLength(20);
        builder.Property(k => k.SecretHash).HasMaxLength(64);
        builder.Ignore(k => k.IsActive);
        builder.HasIndex(k => k.KeyId).IsUnique();
        builder.HasIndex(k => new { k.TenantId, k.Purpose });
    }
}

internal sealed class LocationConsentConfiguration : IEntityTypeConfiguration<LocationConsent>
{
    public void Configure(EntityTypeBuilder<LocationConsent> builder)
    {
        builder.HasOne<Employee>().WithMany().HasForeignKey(c => c.EmployeeId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(c => c.PolicyVersion).HasMaxLength(40);
        builder.Property(c => c.Source).HasMaxLength(40);
        builder.HasIndex(c => new { c.TenantId, c.EmployeeId, c.DecidedAtUtc });
    }
}

internal sealed class PresenceConfiguration : IEntityTypeConfiguration<Presence>
{
    public void Configure(EntityTypeBuilder<Presence> builder)
    {
        builder.HasOne<Employee>().WithMany().HasForeignKey(p => p.EmployeeId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Beacon>().WithMany().HasForeignKey(p => p.BeaconId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Space>().WithMany().HasForeignKey(p => p.SpaceId).OnDelete(DeleteBehavior.NoAction);
        builder.HasIndex(p => new { p.TenantId, p.EmployeeId }).IsUnique();
        builder.HasIndex(p => new { p.TenantId, p.FloorId, p.SeenAtUtc });
        builder.HasIndex(p => p.SeenAtUtc);
    }
}

internal sealed class OccupancyCountConfiguration : IEntityTypeConfiguration<OccupancyCount>
{
    public void Configure(EntityTypeBuilder<OccupancyCount> builder)
    {
        builder.HasOne<Space>().WithMany().HasForeignKey(c => c.SpaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.TenantId, c.SpaceId, c.BucketStartUtc }).IsUnique();
        builder.HasIndex(c => new { c.TenantId, c.FloorId, c.BucketStartUtc });
    }
}

internal sealed class DeclaredStatusConfiguration : IEntityTypeConfiguration<Features.Occupancy.Colleagues.DeclaredStatus>
{
    public void Configure(EntityTypeBuilder<Features.Occupancy.Colleagues.DeclaredStatus> builder)
    {
        builder.HasOne<Employee>().WithMany().HasForeignKey(d => d.EmployeeId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(d => new { d.TenantId, d.EmployeeId, d.Day }).IsUnique();
        builder.HasIndex(d => new { d.TenantId, d.Day });
    }
}
