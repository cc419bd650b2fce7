using Jooxter.Admin.Data;
using Jooxter.Admin.Features.People;
using Jooxter.Admin.Infrastructure.Security;

namespace Jooxter.Admin.Tests.Data;

public sealed class PersonalDataCatalogTests
{
    private static readonly IReadOnlyList<PersonalDataField> Fields = LoadFields();

    private static IReadOnlyList<PersonalDataField> LoadFields()
    {
        using var db = new SqliteDesignTimeFactory().CreateDbContext([]);
        return PersonalDataCatalog.List(db.Model);
    }

    [Fact]
    public void The_catalog_lists_the_employee_identity_and_contact_fields_with_their_columns()
    {
        var employee = Fields.Where(f => f.EntityType == typeof(Employee)).ToDictionary(f => f.Property);

        employee["FirstName"].Category.ShouldBe(PersonalDataCategory.Identity);
        employee["LastName"].Category.ShouldBe(PersonalDataCategory.Identity);
        employee["Email"].Category.ShouldBe(PersonalDataCategory.Contact);
        employee["Phone"].Category.ShouldBe(PersonalDataCategory.Contact);
        employee["DirectoryObjectId"].Category.ShouldBe(PersonalDataCategory.Identity);
        employee["Email"].Table.ShouldBe("Employees");
        employee["Email"].Column.ShouldBe("Email");
        employee.ShouldNotContainKey("Language");
    }

    [Fact]
    public void The_catalog_reaches_beyond_employees()
    {
        Fields.ShouldContain(f => f.EntityType == typeof(AccessDenial) && f.Property == "ClaimedEmail");
        Fields.Select(f => f.EntityType).Distinct().Count().ShouldBeGreaterThan(2);
    }

    [Fact]
    public void Every_property_that_looks_personal_is_marked()
    {
        // A guard for new fields: a name, e-mail, phone or address column must carry the marker, or be listed here as not personal.
        string[] notPersonal = ["Tenant.Name", "Beacon.Name", "Company.Name", "Profile.Name", "EmployeeImport.FileName", "Department.Name", "UserGroup.Name", "Building.Name", "Building.Address", "Floor.Name", "Zone.Name", "Space.Name", "RightsRequest.SubjectEmployeeId", "Tenant.AllowedEmailDomains", "AccessKey.Name", "PurgeRecord.TenantName", "SubProcessor.Name"];
        using var db = new SqliteDesignTimeFactory().CreateDbContext([]);
        var suspicious = db.Model.GetEntityTypes()
            .SelectMany(t => t.GetProperties().Select(p => (Type: t, Property: p)))
            .Where(x => x.Property.ClrType == typeof(string))
            .Where(x => new[] { "name", "email", "phone", "address", "mail" }.Any(w => x.Property.Name.Contains(w, StringComparison.OrdinalIgnoreCase)))
            .Where(x => !PersonalDataCatalog.IsPersonal(x.Property))
            .Select(x => $"{x.Type.ClrType.Name}.{x.Property.Name}")
            .Where(n => !notPersonal.Contains(n))
            .ToList();

        suspicious.ShouldBeEmpty();
    }
}
