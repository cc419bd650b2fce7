using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Jooxter.Admin.Data;

/// <summary>What kind of personal data a field holds; export, erasure and retention group by it.</summary>
public enum PersonalDataCategory
{
    Identity,
    Contact,
    Location,
    Usage,
    Security,
}

/// <summary>
/// Marks an entity property that holds personal data. The model copies it into an EF annotation so that
/// export, rectification, erasure and retention find every personal field from the model alone.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PersonalDataAttribute(PersonalDataCategory category) : Attribute
{
    public PersonalDataCategory Category { get; } = category;

    /// <summary>When true the audit trail keeps before/after values of this field; otherwise it records only that it changed.</summary>
    public bool KeepValuesInAudit { get; init; }
}

public sealed record PersonalDataField(Type EntityType, string Property, string Table, string Column, PersonalDataCategory Category, bool KeepValuesInAudit);

public static class PersonalDataCatalog
{
    public const string CategoryAnnotation = "Jooxter:PersonalData";
    public const string AuditAnnotation = "Jooxter:PersonalData:KeepInAudit";

    /// <summary>Copies <see cref="PersonalDataAttribute"/> markers into model annotations.</summary>
    internal static void ApplyMarkers(IMutableModel model)
    {
        foreach (var entityType in model.GetEntityTypes())
        {
            foreach (var property in entityType.GetProperties())
            {
                var attribute = property.PropertyInfo?.GetCustomAttribute<PersonalDataAttribute>();
                if (attribute is null)
                {
                    continue;
                }

                property.SetAnnotation(CategoryAnnotation, attribute.Category.ToString());
                if (attribute.KeepValuesInAudit)
                {
                    property.SetAnnotation(AuditAnnotation, true);
                }
            }
        }
    }

    public static bool IsPersonal(IReadOnlyProperty property) => property.FindAnnotation(CategoryAnnotation) is not null;

    public static bool KeepsValuesInAudit(IReadOnlyProperty property) => property.FindAnnotation(AuditAnnotation)?.Value is true;

    /// <summary>Every personal-data field of the model, with its table and column.</summary>
    public static IReadOnlyList<PersonalDataField> List(IModel model)
    {
        var fields = new List<PersonalDataField>();
        foreach (var entityType in model.GetEntityTypes().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            var table = entityType.GetTableName() ?? entityType.ShortName();
            var store = StoreObjectIdentifier.Table(table, entityType.GetSchema());
            foreach (var property in entityType.GetProperties())
            {
                if (property.FindAnnotation(CategoryAnnotation)?.Value is not string category)
                {
                    continue;
                }

                fields.Add(new PersonalDataField(
                    entityType.ClrType,
                    property.Name,
                    table,
                    property.GetColumnName(store) ?? property.Name,
                    Enum.Parse<PersonalDataCategory>(category),
                    KeepsValuesInAudit(property)));
            }
        }

        return fields;
    }
}
