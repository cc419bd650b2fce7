using Jooxter.Admin.Features.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jooxter.Admin.Data.Configurations;

internal sealed class TenantConfiguration : IEntityTypeConfiguration<Tenant>
{
    public void Configure(EntityTypeBuilder<Tenant> builder)
    {
        builder.Property(t => t.Slug).HasMaxLength(64);
        builder.HasIndex(t => t.Slug).IsUnique();
        builder.Property(t => t.Name).HasMaxLength(200);
        builder.Property(t => t.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(t => t.CountryCode).HasMaxLength(2);
        builder.Property(t => t.DefaultLanguage).HasMaxLength(8);
        builder.Property(t => t.Version).IsConcurrencyToken();
        builder.Property(t => t.IdentityIssuer).HasMaxLength(400);
        builder.HasIndex(t => t.IdentityIssuer).IsUnique();
        builder.Property(t => t.AllowedEmailDomains).HasMaxLength(1000);
    }
}
