namespace Jooxter.Admin.Features.People.Import;

/// <summary>The customer's managed lists, by folded name, for resolving names in the file.</summary>
public sealed class ReferenceLists
{
    public Dictionary<string, Guid> Companies { get; } = [];

    public Dictionary<string, Guid> Buildings { get; } = [];

    public Dictionary<string, Guid> Departments { get; } = [];

    public Dictionary<string, Guid> Groups { get; } = [];

    public Dictionary<string, Guid> Profiles { get; } = [];

    public static string Key(string name) => Shared.Names.Fold(name);
}

/// <summary>A list entry the import will create because the option to create missing entries is on.</summary>
/// <remarks>Its id is chosen when the file is checked, so the checked rows already point at it and need no second pass once it exists.</remarks>
public sealed record ListToCreate(ImportColumn List, string Name, Guid Id);

/// <summary>
/// Checks each row (required values, e-mail format, the same e-mail twice in the file whatever its case, phone,
/// language, references to managed lists) and normalises what passes. Pure: the lists come in as data.
/// </summary>
public static class EmployeeRowValidator
{
    public static (List<ValidRow> Valid, List<ImportIssue> Issues, List<ListToCreate> ToCreate) Validate(ParsedSheet sheet, ReferenceLists lists, string countryCode, ImportOptions options)
    {
        var issues = new List<ImportIssue>();
        var valid = new List<ValidRow>();
        var toCreate = new Dictionary<(ImportColumn, string), ListToCreate>();
        // A list value to be created is named once, at its first row, with the number of rows that bring it: not once
        // per row (a 50,000-row file naming 17 new values would otherwise yield 137,500 warnings).
        var creations = new Dictionary<(ImportColumn, string), (int Row, string? Column, string Name, int Count)>();
        var firstRowByEmail = new Dictionary<string, int>(StringComparer.Ordinal);
        var keys = new FoldedNames();

        // The checks of a single cell (address syntax, phone number, language) depend on nothing else: run on every core first.
        var cells = new (bool EmailValid, string NormalizedEmail, string? Phone, bool PhoneValid, string? Language, bool LanguageValid)[sheet.Rows.Count];
        Parallel.For(0, sheet.Rows.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var row = sheet.Rows[i];
            var (phone, phoneOk) = ImportValues.NormalizePhone(row.Phone ?? "", countryCode);
            var (language, languageOk) = ImportValues.ParseLanguage(row.Language ?? "");
            cells[i] = (!string.IsNullOrEmpty(row.Email) && Shared.EmailAddresses.IsValid(row.Email), Employee.NormalizeEmail(row.Email ?? ""), phone, phoneOk, language, languageOk);
        });

        for (var index = 0; index < sheet.Rows.Count; index++)
        {
            var row = sheet.Rows[index];
            var rowIssues = new List<ImportIssue>();
            void Add(ImportColumn column, IssueSeverity severity, string code, string? value = null) =>
                rowIssues.Add(new ImportIssue(row.Row, sheet.ColumnLabel(column), column, severity, code, value));

            var first = row.FirstName ?? "";
            var last = row.LastName ?? "";
            var email = row.Email ?? "";
            if (first.Length == 0) Add(ImportColumn.FirstName, IssueSeverity.Error, "Required");
            if (last.Length == 0) Add(ImportColumn.LastName, IssueSeverity.Error, "Required");
            if (first.Length > 100) Add(ImportColumn.FirstName, IssueSeverity.Error, "TooLong", first);
            if (last.Length > 100) Add(ImportColumn.LastName, IssueSeverity.Error, "TooLong", last);

            var cell = cells[index];
            var normalizedEmail = cell.NormalizedEmail;
            if (email.Length == 0)
            {
                Add(ImportColumn.Email, IssueSeverity.Error, "Required");
            }
            else if (!cell.EmailValid)
            {
                Add(ImportColumn.Email, IssueSeverity.Error, "InvalidEmail", email);
            }
            else if (firstRowByEmail.TryGetValue(normalizedEmail, out var firstRow))
            {
                Add(ImportColumn.Email, IssueSeverity.Error, "DuplicateEmail", $"{email} ({firstRow})");
            }
            else
            {
                firstRowByEmail[normalizedEmail] = row.Row;
            }

            if (!cell.LanguageValid) Add(ImportColumn.Language, IssueSeverity.Error, "InvalidLanguage", row.Language);

            if (!cell.PhoneValid) Add(ImportColumn.Phone, IssueSeverity.Error, "InvalidPhone", row.Phone);

            Guid? Resolve(ImportColumn column, string? name, Dictionary<string, Guid> known, bool creatable)
            {
                if (string.IsNullOrWhiteSpace(name))
                {
                    return null;
                }

                if (known.TryGetValue(keys.Key(name), out var id))
                {
                    return id;
                }

                if (creatable && options.CreateMissingLists)
                {
                    var key = (column, keys.Key(name));
                    if (!toCreate.TryGetValue(key, out var created))
                    {
                        toCreate[key] = created = new ListToCreate(column, name.Trim(), Guid.CreateVersion7());
                    }

                    creations[key] = creations.TryGetValue(key, out var seen) ? seen with { Count = seen.Count + 1 } : (row.Row, sheet.ColumnLabel(column), name.Trim(), 1);
                    return created.Id;
                }

                Add(column, IssueSeverity.Error, creatable ? "UnknownCreatable" : "Unknown", name);
                return null;
            }

            var companyId = Resolve(ImportColumn.Company, row.Company, lists.Companies, creatable: true);
            var buildingId = Resolve(ImportColumn.Building, row.Building, lists.Buildings, creatable: false);
            var departmentId = Resolve(ImportColumn.Department, row.Department, lists.Departments, creatable: true);
            var profileId = Resolve(ImportColumn.Profile, row.Profile, lists.Profiles, creatable: true);
            List<Guid>? groupIds = null;
            if (row.Groups is not null)
            {
                groupIds = [];
                foreach (var group in ImportValues.SplitList(row.Groups))
                {
                    if (Resolve(ImportColumn.Groups, group, lists.Groups, creatable: true) is { } groupId)
                    {
                        groupIds.Add(groupId);
                    }
                }
            }

            issues.AddRange(rowIssues);
            if (rowIssues.Any(i => i.Severity == IssueSeverity.Error))
            {
                continue;
            }

            valid.Add(new ValidRow(row.Row, first, last, email, normalizedEmail, cell.Language, cell.Phone, companyId, buildingId, departmentId, groupIds, profileId));
        }

        issues.AddRange(creations.Select(c => new ImportIssue(c.Value.Row, c.Value.Column, c.Key.Item1, IssueSeverity.Warning, "WillCreate", $"{c.Value.Name} × {c.Value.Count}")));
        return (valid, issues, toCreate.Values.ToList());
    }

    /// <summary>
    /// What the checks depend on besides the file: the customer (the ids chosen for new list entries are theirs), the
    /// lists' entries, the customer's country, the options.
    /// </summary>
    public static string InputsKey(Guid tenantId, ReferenceLists lists, string countryCode, ImportOptions options)
    {
        var key = new System.Text.StringBuilder().Append(tenantId.ToString("N")).Append('|').Append(countryCode).Append('|').Append(options.CreateMissingLists);
        foreach (var list in new[] { lists.Companies, lists.Buildings, lists.Departments, lists.Groups, lists.Profiles })
        {
            key.Append('#');
            foreach (var (name, id) in list.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                key.Append(name).Append('=').Append(id.ToString("N")).Append(';');
            }
        }

        return key.ToString();
    }

    /// <summary>List names folded once each: a file names a few departments and groups on tens of thousands of rows.</summary>
    private sealed class FoldedNames
    {
        private readonly Dictionary<string, string> _keys = new(StringComparer.Ordinal);

        public string Key(string name)
        {
            if (!_keys.TryGetValue(name, out var key))
            {
                key = ReferenceLists.Key(name);
                if (_keys.Count < 10_000)
                {
                    _keys[name] = key;
                }
            }

            return key;
        }
    }
}
