namespace Jooxter.Admin.Features.Shared;

/// <summary>One page of a server-side paged list.</summary>
public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Total);

/// <summary>
/// An expected failure (validation, conflict, not found) with a localization key the page shows, and optionally the
/// values its message names (<c>{0}</c>), e.g. who depends on what is being deleted.
/// </summary>
public sealed record OperationError(string Field, string MessageKey, string? Detail = null);

public sealed record OperationResult(IReadOnlyList<OperationError> Errors)
{
    public static readonly OperationResult Ok = new([]);

    public bool Succeeded => Errors.Count == 0;

    public static OperationResult Fail(string field, string messageKey) => new([new OperationError(field, messageKey)]);

    /// <summary>
    /// The one rule for a record the caller cannot reach. A caller without the capability is refused outright
    /// (<see cref="Infrastructure.Security.AccessDeniedException"/>: the page shows access denied). A caller with the
    /// capability asking for a record that does not exist, belongs to another customer or lies outside their scope is
    /// told it was not found, the same answer in every case, so that nothing reveals another customer's records.
    /// </summary>
    public static OperationResult NotFound(string field = "") => Fail(field, "Common.NotFound");
}

/// <summary>The outcome of a save: the errors, or the id of the saved record.</summary>
public sealed record SaveResult(OperationResult Result, Guid? Id);

/// <summary>The outcome of an action on a selection: how many records it settled, or why it settled none.</summary>
public sealed record BatchResult(int Done, OperationResult Result);
