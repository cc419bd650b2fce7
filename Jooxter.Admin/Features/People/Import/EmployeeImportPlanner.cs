namespace Jooxter.Admin.Features.People.Import;

/// <summary>An employee as stored, reduced to what an import compares.</summary>
public sealed record ExistingEmployee(
    Guid Id,
    string NormalizedEmail,
    string FirstName,
    string LastName,
    string Email,
    string Language,
    string? Phone,
    Guid? CompanyId,
    Guid? BuildingId,
    Guid? DepartmentId,
    Guid? ProfileId,
    EmployeeStatus Status,
    IReadOnlySet<Guid> GroupIds);

public sealed record PlannedUpdate(ValidRow Row, ExistingEmployee Existing, IReadOnlyList<string> ChangedFields);

public sealed record ImportPlan(IReadOnlyList<ValidRow> Creates, IReadOnlyList<PlannedUpdate> Updates, int Unchanged, IReadOnlyList<ExistingEmployee> Deactivations)
{
    /// <summary>Rows that would reactivate a console role holder: refused, only an administrator does that, in the console.</summary>
    public IReadOnlyList<ValidRow> RefusedReactivations { get; init; } = [];
}

/// <summary>
/// Compares the file with the stored employees by professional e-mail. The file is the source of truth for the
/// columns it has: a blank optional cell clears that value (a blank language keeps the current one); columns the
/// file does not have are left alone. An employee listed again is reactivated. With "deactivate missing", active
/// employees absent from the file are deactivated, except the person running the import.
/// </summary>
public static class EmployeeImportPlanner
{
    public static ImportPlan Plan(IReadOnlyList<ValidRow> rows, IReadOnlyCollection<ImportColumn> columns, IReadOnlyDictionary<string, ExistingEmployee> existing, ImportOptions options, Guid? actingEmployeeId, IReadOnlySet<string>? emailsInFile = null, IReadOnlySet<Guid>? protectedEmployees = null)
    {
        var creates = new List<ValidRow>();
        var updates = new List<PlannedUpdate>();
        var unchanged = 0;
        var seen = new HashSet<Guid>();
        var refused = new List<ValidRow>();
        foreach (var row in rows)
        {
            if (!existing.TryGetValue(row.NormalizedEmail, out var current))
            {
                creates.Add(row);
                continue;
            }

            seen.Add(current.Id);
            var changed = Differences(row, current, columns);
            if (changed.Count == 0)
            {
                unchanged++;
            }
            else if (current.Status != EmployeeStatus.Active && (protectedEmployees?.Contains(current.Id) ?? false))
            {
                refused.Add(row);
            }
            else
            {
                updates.Add(new PlannedUpdate(row, current, changed));
            }
        }

        // "Missing" means absent from the file: a listed person whose row has an error (and is skipped) is not missing.
        var deactivations = options.DeactivateMissing
            ? existing.Values.Where(e => e.Status == EmployeeStatus.Active && !seen.Contains(e.Id) && e.Id != actingEmployeeId
                && !(emailsInFile?.Contains(e.NormalizedEmail) ?? false) && !(protectedEmployees?.Contains(e.Id) ?? false)).ToList()
            : [];
        return new ImportPlan(creates, updates, unchanged, deactivations) { RefusedReactivations = refused };
    }

    public static List<string> Differences(ValidRow row, ExistingEmployee current, IReadOnlyCollection<ImportColumn> columns)
    {
        var changed = new List<string>();
        void Check(string field, bool differs)
        {
            if (differs)
            {
                changed.Add(field);
            }
        }

        Check(nameof(Employee.FirstName), row.FirstName != current.FirstName);
        Check(nameof(Employee.LastName), row.LastName != current.LastName);
        Check(nameof(Employee.Email), row.Email != current.Email);
        Check(nameof(Employee.Language), row.Language is not null && row.Language != current.Language);
        Check(nameof(Employee.Phone), columns.Contains(ImportColumn.Phone) && row.Phone != current.Phone);
        Check(nameof(Employee.CompanyId), columns.Contains(ImportColumn.Company) && row.CompanyId != current.CompanyId);
        Check(nameof(Employee.HomeBuildingId), columns.Contains(ImportColumn.Building) && row.BuildingId != current.BuildingId);
        Check(nameof(Employee.DepartmentId), columns.Contains(ImportColumn.Department) && row.DepartmentId != current.DepartmentId);
        Check(nameof(Employee.ProfileId), columns.Contains(ImportColumn.Profile) && row.ProfileId != current.ProfileId);
        Check("Groups", row.GroupIds is not null && !current.GroupIds.SetEquals(row.GroupIds));
        Check(nameof(Employee.Status), current.Status != EmployeeStatus.Active);
        return changed;
    }
}
