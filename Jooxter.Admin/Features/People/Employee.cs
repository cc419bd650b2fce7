using Jooxter.Admin.Data;

namespace Jooxter.Admin.Features.People;

public enum EmployeeStatus
{
    Active,
    Deactivated,
}

/// <summary>An employee of a customer company: what the privacy policy lists and nothing more.</summary>
public sealed class Employee : TenantEntity, IHasDerivedFields
{
    [PersonalData(PersonalDataCategory.Identity)]
    public required string FirstName { get; set; }

    [PersonalData(PersonalDataCategory.Identity)]
    public required string LastName { get; set; }

    [PersonalData(PersonalDataCategory.Contact)]
    public required string Email { get; set; }

    /// <summary>Upper-cased e-mail, unique per tenant; used for matching sign-ins and imports.</summary>
    [PersonalData(PersonalDataCategory.Contact)]
    public string NormalizedEmail { get; set; } = "";

    public string Language { get; set; } = "fr";

    [PersonalData(PersonalDataCategory.Contact)]
    public string? Phone { get; set; }

    /// <summary>The identity provider's object id (Entra ID <c>oid</c>), when known.</summary>
    [PersonalData(PersonalDataCategory.Identity)]
    public string? DirectoryObjectId { get; set; }

    public EmployeeStatus Status { get; set; } = EmployeeStatus.Active;

    public Guid? DepartmentId { get; set; }

    public Guid? HomeBuildingId { get; set; }

    public Guid? CompanyId { get; set; }

    public Guid? ProfileId { get; set; }

    /// <summary>
    /// Set while the person has restricted processing or objected (GDPR Art. 18, 21): their data is kept but not
    /// processed: no location, no colleague finder, no notices, until lifted.
    /// </summary>
    [PersonalData(PersonalDataCategory.Usage, KeepValuesInAudit = true)]
    public DateTime? ProcessingRestrictedSinceUtc { get; set; }

    public bool IsRestricted => ProcessingRestrictedSinceUtc is not null;

    /// <summary>Lower-case, accent-free "first last email", kept by the data layer for accent-insensitive search.</summary>
    [PersonalData(PersonalDataCategory.Identity)]
    public string SearchText { get; set; } = "";

    public string DisplayName => $"{FirstName} {LastName}";

    public static string NormalizeEmail(string email) => email.Trim().ToUpperInvariant();

    /// <summary>Recomputes the derived columns; the data layer calls it before every save of an employee.</summary>
    public void RefreshDerivedFields()
    {
        NormalizedEmail = NormalizeEmail(Email);
        SearchText = Shared.Names.Fold($"{FirstName} {LastName} {Email}");
    }


    public void Deactivate() => Status = EmployeeStatus.Deactivated;

    public void Reactivate() => Status = EmployeeStatus.Active;
}

public sealed class Department : TenantEntity
{
    public required string Name { get; set; }
}

/// <summary>A company of the customer's group (a subsidiary, a contractor), as a managed list.</summary>
public sealed class Company : TenantEntity
{
    public required string Name { get; set; }
}

/// <summary>A profile (e.g. resident, nomad, visitor) as a managed list.</summary>
public sealed class Profile : TenantEntity
{
    public required string Name { get; set; }
}

/// <summary>A group of collaborators; booking rules and space-manager scopes refer to it.</summary>
public sealed class UserGroup : TenantEntity
{
    public required string Name { get; set; }

    public string? Description { get; set; }
}

[AuditedWithin(nameof(Employee), nameof(EmployeeId), "Groups", nameof(UserGroupId))]
public sealed class UserGroupMember : TenantEntity
{
    public Guid UserGroupId { get; set; }

    public Guid EmployeeId { get; set; }
}
