using Jooxter.Admin.Features.People;
using Jooxter.Admin.Features.Places;
using Jooxter.Admin.Features.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jooxter.Admin.Data.Configurations;

internal sealed class EmployeeConfiguration : IEntityTypeConfiguration<Employee>
{
    public void Configure(EntityTypeBuilder<Employee> builder)
    {
        builder.HasOne<Tenant>().WithMany().HasForeignKey(e => e.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(e => e.FirstName).HasMaxLength(100);
        builder.Property(e => e.LastName).HasMaxLength(100);
        builder.Property(e => e.Email).HasMaxLength(254);
        builder.Property(e => e.NormalizedEmail).HasMaxLength(254);
        builder.Property(e => e.Language).HasMaxLength(8);
        builder.Property(e => e.Phone).HasMaxLength(32);
        builder.Property(e => e.DirectoryObjectId).HasMaxLength(64);
        builder.Property(e => e.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.SearchText).HasMaxLength(500);
        builder.Ignore(e => e.DisplayName);
        builder.Ignore(e => e.IsRestricted);
        builder.HasOne<Company>().WithMany().HasForeignKey(e => e.CompanyId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Profile>().WithMany().HasForeignKey(e => e.ProfileId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(e => new { e.TenantId, e.Status });
        // Every lookup by address runs within one customer (the tenant filter), so this index serves them all,
        // sorting by address included; a second index on the address alone only cost every write.
        builder.HasIndex(e => new { e.TenantId, e.NormalizedEmail }).IsUnique();
        // Sign-in looks an identity up within its customer. Only employees bound to a directory identity are indexed:
        // imported people are not until they first sign in, so an import of tens of thousands adds nothing here.
        builder.HasIndex(e => new { e.TenantId, e.DirectoryObjectId }).HasFilter("DirectoryObjectId IS NOT NULL");
        builder.HasIndex(e => new { e.TenantId, e.LastName, e.FirstName });
        builder.HasOne<Department>().WithMany().HasForeignKey(e => e.DepartmentId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Building>().WithMany().HasForeignKey(e => e.HomeBuildingId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class DepartmentConfiguration : IEntityTypeConfiguration<Department>
{
    public void Configure(EntityTypeBuilder<Department> builder)
    {
        builder.HasOne<Tenant>().WithMany().HasForeignKey(d => d.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(d => d.Name).HasMaxLength(150);
        builder.HasIndex(d => new { d.TenantId, d.Name }).IsUnique();
    }
}

internal sealed class EmployeePhotoConfiguration : IEntityTypeConfiguration<EmployeePhoto>
{
    public void Configure(EntityTypeBuilder<EmployeePhoto> builder)
    {
        builder.HasOne<Employee>().WithMany().HasForeignKey(p => p.EmployeeId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => p.EmployeeId).IsUnique();
        builder.Property(p => p.ContentType).HasMaxLength(40);
    }
}

internal sealed class CompanyConfiguration : IEntityTypeConfiguration<Company>
{
    public void Configure(EntityTypeBuilder<Company> builder)
    {
        builder.HasOne<Tenant>().WithMany().HasForeignKey(c => c.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(c => c.Name).HasMaxLength(150);
        builder.HasIndex(c => new { c.TenantId, c.Name }).IsUnique();
    }
}

internal sealed class ProfileConfiguration : IEntityTypeConfiguration<Profile>
{
    public void Configure(EntityTypeBuilder<Profile> builder)
    {
        builder.HasOne<Tenant>().WithMany().HasForeignKey(p => p.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(p => p.Name).HasMaxLength(150);
        builder.HasIndex(p => new { p.TenantId, p.Name }).IsUnique();
    }
}

internal sealed class UserGroupConfiguration : IEntityTypeConfiguration<UserGroup>
{
    public void Configure(EntityTypeBuilder<UserGroup> builder)
    {
        builder.HasOne<Tenant>().WithMany().HasForeignKey(g => g.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(g => g.Name).HasMaxLength(150);
        builder.Property(g => g.Description).HasMaxLength(500);
        builder.HasIndex(g => new { g.TenantId, g.Name }).IsUnique();
    }
}

internal sealed class UserGroupMemberConfiguration : IEntityTypeConfiguration<UserGroupMember>
{
    public void Configure(EntityTypeBuilder<UserGroupMember> builder)
    {
        builder.HasOne<UserGroup>().WithMany().HasForeignKey(m => m.UserGroupId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Employee>().WithMany().HasForeignKey(m => m.EmployeeId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(m => new { m.UserGroupId, m.EmployeeId }).IsUnique();
        builder.HasIndex(m => m.TenantId);
    }
}

internal sealed class RoleAssignmentConfiguration : IEntityTypeConfiguration<RoleAssignment>
{
    public void Configure(EntityTypeBuilder<RoleAssignment> builder)
    {
        builder.HasOne<Employee>().WithMany().HasForeignKey(r => r.EmployeeId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(r => r.Role).HasConversion<string>().HasMaxLength(40);
        builder.Property(r => r.ScopeKind).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(r => new { r.TenantId, r.EmployeeId });
    }
}
