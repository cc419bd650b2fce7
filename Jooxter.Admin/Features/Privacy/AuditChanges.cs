using System.Text.Json;

namespace Jooxter.Admin.Features.Privacy;

public sealed record AuditFieldChange(string Field, string? Before, string? After);

/// <summary>Reads an audit entry's change document into field-by-field lines for display.</summary>
public static class AuditChanges
{
    public static IReadOnlyList<AuditFieldChange> Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.EnumerateObject()
                .Select(p => new AuditFieldChange(p.Name, Text(p.Value, "before"), Text(p.Value, "after")))
                .ToList();
        }
        catch (JsonException)
        {
            return [new AuditFieldChange("?", null, json)];
        }
    }

    private static string? Text(JsonElement change, string side) =>
        change.ValueKind == JsonValueKind.Object && change.TryGetProperty(side, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.Null or JsonValueKind.Undefined => null,
                JsonValueKind.String => value.GetString(),
                _ => value.GetRawText(),
            }
            : null;
}
