using Jooxter.Admin.Features.Privacy;

namespace Jooxter.Admin.Tests.Features.Privacy;

public sealed class AuditChangesTests
{
    [Fact]
    public void A_change_document_reads_as_field_lines()
    {
        var lines = AuditChanges.Parse("""{"Name":{"before":"A","after":"B"},"Capacity":{"before":null,"after":4}}""");

        lines.ShouldBe([new AuditFieldChange("Name", "A", "B"), new AuditFieldChange("Capacity", null, "4")]);
    }

    [Fact]
    public void A_malformed_document_is_shown_as_is() =>
        AuditChanges.Parse("not json").ShouldBe([new AuditFieldChange("?", null, "not json")]);
}
