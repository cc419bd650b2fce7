using Jooxter.Admin.Features.People;
using Jooxter.Admin.Features.Places;
using Jooxter.Admin.Features.Privacy;
using Jooxter.Admin.Features.Reservations;
using Jooxter.Admin.Infrastructure.Audit;
using Jooxter.Admin.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jooxter.Admin.Data.Configurations;

internal sealed class ReservationConfiguration : IEntityTypeConfiguration<Reservation>
{
    public void Configure(EntityTypeBuilder<Reservation> builder)
    {
        builder.HasOne<Space>().WithMany().HasForeignKey(r => r.SpaceId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Employee>().WithMany().HasForeignKey(r => r.HolderId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Employee>().WithMany().HasForeignKey(r => r.BeneficiaryId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Subject).HasMaxLength(200);
        builder.Property(r => r.Source).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.RequestedOverrides).HasConversion<int>();
        builder.Property(r => r.AcceptedConflicts).HasConversion<int>();
        builder.Property(r => r.OpenConflicts).HasConversion<int>();
        builder.Property(r => r.RequestReason).HasMaxLength(500);
        builder.Property(r => r.DecisionReason).HasMaxLength(500);
        builder.HasOne<Employee>().WithMany().HasForeignKey(r => r.CreatedById).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Employee>().WithMany().HasForeignKey(r => r.DecidedById).OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(r => r.ForId);
        builder.HasIndex(r => new { r.TenantId, r.StartsAtUtc });
        builder.HasIndex(r => new { r.SpaceId, r.StartsAtUtc });
        builder.HasIndex(r => new { r.TenantId, r.Status, r.StartsAtUtc });
        builder.HasIndex(r => new { r.TenantId, r.OpenConflicts, r.StartsAtUtc });
        builder.HasIndex(r => new { r.HolderId, r.StartsAtUtc });
        builder.HasIndex(r => new { r.BeneficiaryId, r.StartsAtUtc });
    }
}

internal sealed class ReservationGuestConfiguration : IEntityTypeConfiguration<ReservationGuest>
{
    public void Configure(EntityTypeBuilder<ReservationGuest> builder)
    {
        builder.HasOne<Reservation>().WithMany().HasForeignKey(g => g.ReservationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Employee>().WithMany().HasForeignKey(g => g.EmployeeId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(g => g.Name).HasMaxLength(200);
        builder.Property(g => g.Email).HasMaxLength(254);
        builder.Property(g => g.NormalizedEmail).HasMaxLength(254);
        builder.Property(g => g.Company).HasMaxLength(200);
        builder.HasIndex(g => new { g.TenantId, g.NormalizedEmail });
        builder.HasIndex(g => new { g.EmployeeId });
    }
}

internal sealed class ReservationNoticeConfiguration : IEntityTypeConfiguration<ReservationNotice>
{
    public void Configure(EntityTypeBuilder<ReservationNotice> builder)
    {
        builder.HasOne<Reservation>().WithMany().HasForeignKey(n => n.ReservationId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(n => n.Reason).HasMaxLength(500);
        builder.Property(n => n.Kind).HasConversion<string>().HasMaxLength(20);
        builder.HasOne<Employee>().WithMany().HasForeignKey(n => n.RecipientId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ReservationGuest>().WithMany().HasForeignKey(n => n.GuestId).OnDelete(DeleteBehavior.NoAction);
        builder.Property(n => n.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(n => n.LastError).HasMaxLength(500);
        builder.HasIndex(n => new { n.TenantId, n.Status });
        builder.HasIndex(n => new { n.Status, n.NextAttemptAtUtc });
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.Property(a => a.Channel).HasMaxLength(40);
        builder.Property(a => a.Action).HasConversion<string>().HasMaxLength(10);
        builder.Property(a => a.EntityType).HasMaxLength(80);
        builder.Property(a => a.EntityId).HasMaxLength(80);
        builder.Property(a => a.PreviousHash).HasMaxLength(64);
        builder.Property(a => a.Hash).HasMaxLength(64);
        builder.HasIndex(a => new { a.TenantId, a.Sequence }).IsUnique();
        builder.HasIndex(a => new { a.TenantId, a.OccurredAtUtc });
    }
}

internal sealed class AuditChainHeadConfiguration : IEntityTypeConfiguration<AuditChainHead>
{
    public void Configure(EntityTypeBuilder<AuditChainHead> builder)
    {
        builder.HasKey(h => h.TenantId);
        builder.Property(h => h.TenantId).ValueGeneratedNever();
        builder.Property(h => h.Sequence).IsConcurrencyToken();
        builder.Property(h => h.Hash).HasMaxLength(64);
        builder.Property(h => h.PrunedHash).HasMaxLength(64);
        builder.Property(h => h.PrunedSignature).HasMaxLength(64);
    }
}

internal sealed class AccessDenialConfiguration : IEntityTypeConfiguration<AccessDenial>
{
    public void Configure(EntityTypeBuilder<AccessDenial> builder)
    {
        builder.Property(a => a.Reason).HasMaxLength(60);
        builder.Property(a => a.Provider).HasMaxLength(30);
        builder.Property(a => a.ClaimedEmail).HasMaxLength(254);
        builder.Property(a => a.ClaimedObjectId).HasMaxLength(64);
        builder.HasIndex(a => a.OccurredAtUtc);
    }
}
