using Jooxter.Admin.Features.People;
using Jooxter.Admin.Features.People.Import;
using Jooxter.Admin.Features.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jooxter.Admin.Data.Configurations;

internal sealed class EmployeeImportConfiguration : IEntityTypeConfiguration<EmployeeImport>
{
    public void Configure(EntityTypeBuilder<EmployeeImport> builder)
    {
        builder.HasOne<Tenant>().WithMany().HasForeignKey(i => i.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(i => i.FileName).HasMaxLength(260);
        builder.Property(i => i.Channel).HasMaxLength(40);
        builder.HasIndex(i => new { i.TenantId, i.ImportedAtUtc });
    }
}

internal sealed class WelcomeNotificationConfiguration : IEntityTypeConfiguration<WelcomeNotification>
{
    public void Configure(EntityTypeBuilder<WelcomeNotification> builder)
    {
        builder.HasOne<Employee>().WithMany().HasForeignKey(n => n.EmployeeId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<EmployeeImport>().WithMany().HasForeignKey(n => n.ImportId).OnDelete(DeleteBehavior.SetNull);
        builder.Property(n => n.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(n => n.LastError).HasMaxLength(500);
        builder.HasIndex(n => new { n.TenantId, n.Status, n.QueuedAtUtc });
        builder.HasIndex(n => new { n.Status, n.NextAttemptAtUtc });
    }
}
