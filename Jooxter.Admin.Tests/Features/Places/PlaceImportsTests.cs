using Jooxter.Admin.Features.People.Import;
using Jooxter.Admin.Features.Places;
using Jooxter.Admin.Features.Places.Import;
using Jooxter.Admin.Features.Shared.Spreadsheets;
using Jooxter.Admin.Tests.Support;

namespace Jooxter.Admin.Tests.Features.Places;

public sealed class PlaceImportsTests
{
    private static readonly Guid Paris = Guid.NewGuid();
    private static readonly Guid Floor2 = Guid.NewGuid();
    private static readonly Guid North = Guid.NewGuid();

    private static PlaceDirectory Places()
    {
        var places = new PlaceDirectory();
        places.Buildings["paris – opera"] = Paris;
        places.Floors[(Paris, "etage 2")] = Floor2;
        places.Floors[(Paris, "2")] = Floor2;
        places.Zones[(Floor2, "nord")] = North;
        return places;
    }

    [Fact]
    public void Space_rows_are_resolved_and_each_problem_named()
    {
        var file = Workbooks.Create(
            ["Building", "Level", "Zone", "Name", "Type", "Seats", "Amenities", "Bookable"],
            ["PARIS – OPÉRA", "2", "Nord", "D-1", "Desk", "1", "Screen; standing", "yes"],
            ["Paris – Opéra", "Étage 2", "", "Room A", "salle", "8", "visio", "non"],
            ["Paris – Opéra", "Étage 9", "", "X", "desk", "1", "", ""],
            ["Paris – Opéra", "Étage 2", "Sud", "Y", "rocket", "0", "jacuzzi", "maybe"],
            ["Paris – Opéra", "2", "", "d-1", "", "", "", ""]);

        var (valid, issues, rows) = SpaceImport.Parse(file, Places());

        rows.ShouldBe(5);
        valid.Select(v => (v.Name, v.Kind, v.Capacity, v.IsBookable, v.ZoneId)).ShouldBe(
        [
            ("D-1", SpaceKind.Desk, 1, true, (Guid?)North),
            ("Room A", SpaceKind.MeetingRoom, 8, false, null),
        ]);
        valid[0].Amenities.ShouldBe(Amenities.Screen | Amenities.HeightAdjustable);
        issues.Select(i => (i.Row, i.Column, i.Code)).ShouldBe(
        [
            (4, "B", "UnknownPlace"),
            (5, "C", "UnknownPlace"),
            (5, "E", "InvalidKind"),
            (5, "F", "InvalidCapacity"),
            (5, "G", "InvalidAmenity"),
            (5, "H", "InvalidYesNo"),
            (6, "D", "DuplicateSpace"),
        ]);
    }

    [Fact]
    public void Exported_spaces_read_back_as_the_same_rows()
    {
        var header = (SpaceColumn c) => c.ToString();
        var exported = SpaceImport.Export([("Paris – Opéra", "Étage 2", "Nord", "D-7", SpaceKind.Desk, 2, Amenities.DockingStation, true)], header);

        var (valid, issues, _) = SpaceImport.Parse(exported, Places());

        issues.ShouldBeEmpty();
        valid.Single().ShouldBe(new SpaceImportRow(2, Floor2, North, "D-7", SpaceKind.Desk, 2, Amenities.DockingStation, true));
    }

    [Fact]
    public void Beacon_rows_are_checked_like_the_registry_form()
    {
        var uuid = Guid.NewGuid();
        var file = Workbooks.Create(
            ["UUID", "Major", "Minor", "Name", "TX power", "Battery"],
            [uuid.ToString(), 1, 2, "Hall", -59, 80],
            ["not-a-uuid", 1, 3, "Bad", "", ""],
            [uuid.ToString(), 70000, 4, "Too big", "", ""],
            [uuid.ToString().ToUpperInvariant(), 1, 2, "Same again", "", ""]);

        var (valid, issues, _) = BeaconImport.Parse(file);

        valid.Single().ShouldBe(new BeaconImportRow(2, uuid, 1, 2, "Hall", -59, 80));
        issues.Select(i => (i.Row, i.Code)).ShouldBe([(3, "InvalidUuid"), (4, "OutOfRange"), (5, "DuplicateBeacon")]);
    }

    [Fact]
    public void A_sheet_without_the_expected_headers_is_refused() =>
        Should.Throw<WorkbookException>(() => SpaceImport.Parse(Workbooks.Create(["a", "b"], ["1", "2"]), Places())).Problem.ShouldBe(WorkbookProblem.NoHeaderRow);

    [Fact]
    public void Two_headers_naming_one_column_do_not_break_the_import_the_first_counts()
    {
        var file = Workbooks.Create(
            ["Building", "Level", "Name", "Nom"],
            ["Paris – Opéra", "2", "D-7", "ignored"]);

        var (valid, _, rows) = SpaceImport.Parse(file, Places());

        rows.ShouldBe(1);
        valid.Single().Name.ShouldBe("D-7");
    }
}
