using Jooxter.Admin.Features.People;
using Jooxter.Admin.Features.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jooxter.Admin.Data.Configurations;

internal sealed class RightsRequestConfiguration : IEntityTypeConfiguration<RightsRequest>
{
    public void Configure(EntityTypeBuilder<RightsRequest> builder)
    {
        builder.HasOne<Employee>().WithMany().HasForeignKey(r => r.SubjectEmployeeId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Employee>().WithMany().HasForeignKey(r => r.AssigneeId).OnDelete(DeleteBehavior.NoAction);
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.SubjectKind).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Channel).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.RequesterEmail).HasMaxLength(254);
        builder.Property(r => r.SubjectName).HasMaxLength(200);
        builder.Property(r => r.ExtensionReason).HasMaxLength(2000);
        builder.Property(r => r.PauseReason).HasMaxLength(1000);
        builder.Property(r => r.ClosingReason).HasMaxLength(2000);
        builder.Ignore(r => r.IsOpen);
        builder.Ignore(r => r.IsPaused);
        builder.HasIndex(r => new { r.TenantId, r.Status, r.DueAtUtc });
        builder.HasIndex(r => new { r.TenantId, r.ReceivedAtUtc });
    }
}

internal sealed class RightsRequestStepConfiguration : IEntityTypeConfiguration<RightsRequestStep>
{
    public void Configure(EntityTypeBuilder<RightsRequestStep> builder)
    {
        builder.HasOne<RightsRequest>().WithMany().HasForeignKey(s => s.RequestId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(s => s.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.Text).HasMaxLength(4000);
        builder.Property(s => s.Evidence).HasMaxLength(4000);
        builder.HasIndex(s => new { s.RequestId, s.AtUtc });
        builder.HasIndex(s => s.TenantId);
    }
}

internal sealed class ErasureExceptionConfiguration : IEntityTypeConfiguration<ErasureException>
{
    public void Configure(EntityTypeBuilder<ErasureException> builder)
    {
        builder.HasOne<RightsRequest>().WithMany().HasForeignKey(e => e.RequestId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(e => e.Entity).HasMaxLength(80);
        builder.Property(e => e.Reason).HasMaxLength(1000);
        builder.HasIndex(e => new { e.RequestId, e.Entity }).IsUnique();
        builder.HasIndex(e => e.TenantId);
    }
}

internal sealed class PrivacyNoticeConfiguration : IEntityTypeConfiguration<PrivacyNotice>
{
    public void Configure(EntityTypeBuilder<PrivacyNotice> builder)
    {
        builder.HasOne<RightsRequest>().WithMany().HasForeignKey(n => n.RequestId).OnDelete(DeleteBehavior.SetNull);
        builder.Property(n => n.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(n => n.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(n => n.RecipientEmail).HasMaxLength(254);
        builder.Property(n => n.RecipientName).HasMaxLength(200);
        builder.Property(n => n.Language).HasMaxLength(10);
        builder.Property(n => n.LastError).HasMaxLength(500);
        builder.HasIndex(n => new { n.Status, n.NextAttemptAtUtc });
        // One digest per DPO and day, whichever console instance queues it first.
        builder.HasIndex(n => new { n.TenantId, n.Kind, n.DigestDay, n.RecipientEmail }).IsUnique().HasFilter("DigestDay IS NOT NULL");
    }
}

internal sealed class ProcessingActivityConfiguration : IEntityTypeConfiguration<ProcessingActivity>
{
    public void Configure(EntityTypeBuilder<ProcessingActivity> builder)
    {
        builder.Property(p => p.Purpose).HasMaxLength(300);
        builder.Property(p => p.DataCategories).HasMaxLength(1000);
        builder.Property(p => p.LegalBasis).HasMaxLength(300);
        builder.Property(p => p.Retention).HasMaxLength(300);
        builder.Property(p => p.Recipients).HasMaxLength(1000);
        builder.Property(p => p.Source).HasMaxLength(300);
        builder.HasIndex(p => p.TenantId);
    }
}

internal sealed class SubProcessorConfiguration : IEntityTypeConfiguration<SubProcessor>
{
    public void Configure(EntityTypeBuilder<SubProcessor> builder)
    {
        builder.Property(p => p.Name).HasMaxLength(200);
        builder.Property(p => p.Service).HasMaxLength(300);
        builder.Property(p => p.Location).HasMaxLength(200);
        builder.Property(p => p.Safeguards).HasMaxLength(1000);
        builder.HasIndex(p => p.TenantId);
    }
}

internal sealed class AuthorityDisclosureConfiguration : IEntityTypeConfiguration<AuthorityDisclosure>
{
    public void Configure(EntityTypeBuilder<AuthorityDisclosure> builder)
    {
        builder.HasOne<Employee>().WithMany().HasForeignKey(d => d.SubjectEmployeeId).OnDelete(DeleteBehavior.SetNull);
        builder.Property(d => d.Authority).HasMaxLength(200);
        builder.Property(d => d.LegalBasis).HasMaxLength(300);
        builder.Property(d => d.Description).HasMaxLength(2000);
        builder.HasIndex(d => new { d.TenantId, d.DisclosedOn });
    }
}

internal sealed class PrivacyPolicyVersionConfiguration : IEntityTypeConfiguration<PrivacyPolicyVersion>
{
    public void Configure(EntityTypeBuilder<PrivacyPolicyVersion> builder)
    {
        builder.Property(p => p.Label).HasMaxLength(40);
        builder.Property(p => p.Summary).HasMaxLength(2000);
        builder.HasIndex(p => new { p.TenantId, p.Label }).IsUnique();
    }
}

internal sealed class PurgeRecordConfiguration : IEntityTypeConfiguration<PurgeRecord>
{
    public void Configure(EntityTypeBuilder<PurgeRecord> builder)
    {
        builder.Property(p => p.TenantName).HasMaxLength(200);
        builder.Property(p => p.Kind).HasMaxLength(20);
        builder.HasIndex(p => new { p.TenantId, p.RanAtUtc });
    }
}
