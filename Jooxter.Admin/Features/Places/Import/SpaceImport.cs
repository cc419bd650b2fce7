using Jooxter.Admin.Features.Shared;
using ClosedXML.Excel;
using Jooxter.Admin.Features.People;
using Jooxter.Admin.Features.People.Import;
using Jooxter.Admin.Features.Shared.Spreadsheets;

namespace Jooxter.Admin.Features.Places.Import;

public enum SpaceColumn
{
    Building,
    Floor,
    Zone,
    Name,
    Kind,
    Capacity,
    Amenities,
    Bookable,
}

/// <summary>A space row checked and resolved: where it goes and what it is.</summary>
public sealed record SpaceImportRow(int Row, Guid FloorId, Guid? ZoneId, string Name, SpaceKind Kind, int Capacity, Amenities Amenities, bool IsBookable);

/// <summary>The places the caller may import into, by folded name.</summary>
public sealed class PlaceDirectory
{
    public Dictionary<string, Guid> Buildings { get; } = [];

    /// <summary>(building id, folded floor name or level) → floor id.</summary>
    public Dictionary<(Guid, string), Guid> Floors { get; } = [];

    /// <summary>(floor id, folded zone name) → zone id.</summary>
    public Dictionary<(Guid, string), Guid> Zones { get; } = [];
}

/// <summary>
/// Reads and checks a spaces workbook: tolerant headers (English or French), every row resolved to a floor the caller
/// manages, each problem named with its row and column. Pure: the places come in as data.
/// </summary>
public static class SpaceImport
{
    private static readonly Dictionary<string, SpaceColumn> Headers = Build(new()
    {
        [SpaceColumn.Building] = ["building", "bâtiment", "batiment", "site"],
        [SpaceColumn.Floor] = ["floor", "level", "étage", "etage", "niveau"],
        [SpaceColumn.Zone] = ["zone", "area", "neighbourhood", "quartier"],
        [SpaceColumn.Name] = ["name", "space", "nom", "espace", "space name", "nom de l'espace"],
        [SpaceColumn.Kind] = ["kind", "type"],
        [SpaceColumn.Capacity] = ["capacity", "capacité", "capacite", "seats", "places"],
        [SpaceColumn.Amenities] = ["amenities", "équipements", "equipements"],
        [SpaceColumn.Bookable] = ["bookable", "réservable", "reservable"],
    });

    private static readonly Dictionary<string, SpaceKind> Kinds = BuildValues<SpaceKind>(new()
    {
        [SpaceKind.Desk] = ["desk", "poste", "bureau"],
        [SpaceKind.MeetingRoom] = ["meeting room", "room", "salle", "salle de réunion"],
        [SpaceKind.PhoneBooth] = ["phone booth", "booth", "cabine"],
        [SpaceKind.ParkingSpot] = ["parking", "parking spot", "place de parking"],
        [SpaceKind.Locker] = ["locker", "casier"],
    });

    private static readonly Dictionary<string, Amenities> AmenityNames = BuildValues<Amenities>(new()
    {
        [Amenities.Screen] = ["screen", "écran", "ecran", "monitor"],
        [Amenities.DockingStation] = ["docking station", "dock", "station d'accueil"],
        [Amenities.VideoConferencing] = ["video conferencing", "video", "visio", "visioconférence"],
        [Amenities.HeightAdjustable] = ["height-adjustable", "height adjustable", "standing", "réglable en hauteur", "assis-debout"],
        [Amenities.Whiteboard] = ["whiteboard", "tableau blanc"],
        [Amenities.Accessible] = ["accessible", "wheelchair accessible", "pmr"],
    });

    public static readonly SpaceColumn[] Required = [SpaceColumn.Building, SpaceColumn.Floor, SpaceColumn.Name];

    private static Dictionary<string, SpaceColumn> Build(Dictionary<SpaceColumn, string[]> names) => BuildValues(names);

    private static Dictionary<string, T> BuildValues<T>(Dictionary<T, string[]> names)
        where T : struct, Enum
    {
        var map = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var (value, synonyms) in names)
        {
            map[HeaderMatcher.Normalize(value.ToString())] = value;
            foreach (var synonym in synonyms)
            {
                map[HeaderMatcher.Normalize(synonym)] = value;
            }
        }

        return map;
    }

    public static (List<SpaceImportRow> Valid, List<ImportIssue> Issues, int DataRows) Parse(byte[] content, PlaceDirectory places)
    {
        var issues = new List<ImportIssue>();
        var valid = new List<SpaceImportRow>();
        Dictionary<SpaceColumn, int>? columns = null;
        var seen = new Dictionary<(Guid, string), int>();
        var dataRows = 0;
        var rowsBeforeHeader = 0;
        foreach (var row in WorkbookReader.ReadFirstSheet(content))
        {
            if (columns is null)
            {
                // Two headers naming one column ("Name" and "Nom"): the first one counts, as in the beacon import.
                var matched = row.Cells.Where(c => Headers.ContainsKey(HeaderMatcher.Normalize(c.Value))).GroupBy(c => Headers[HeaderMatcher.Normalize(c.Value)]).ToDictionary(g => g.Key, g => g.First().Key);
                if (matched.Keys.Count(Required.Contains) >= 2)
                {
                    columns = matched;
                    issues.AddRange(Required.Where(r => !matched.ContainsKey(r)).Select(r => new ImportIssue(row.Number, null, null, IssueSeverity.Error, "MissingColumn", r.ToString())));
                }
                else if (++rowsBeforeHeader >= 20)
                {
                    break;
                }

                continue;
            }

            dataRows++;
            CheckRow(row, columns, places, seen, valid, issues);
        }

        if (columns is null)
        {
            throw new WorkbookException(WorkbookProblem.NoHeaderRow, "No header row with building, floor and name.");
        }

        return (valid, issues, dataRows);
    }

    private static void CheckRow(SheetRow row, Dictionary<SpaceColumn, int> columns, PlaceDirectory places, Dictionary<(Guid, string), int> seen, List<SpaceImportRow> valid, List<ImportIssue> issues)
    {
        var problems = new List<ImportIssue>();
        string Get(SpaceColumn column) => columns.TryGetValue(column, out var index) ? row.Get(index) : "";
        void Fail(SpaceColumn column, string code, string? value = null) =>
            problems.Add(new ImportIssue(row.Number, columns.TryGetValue(column, out var index) ? WorkbookReader.ColumnName(index) : null, null, IssueSeverity.Error, code, value));

        var name = Get(SpaceColumn.Name);
        if (name.Length == 0) Fail(SpaceColumn.Name, "Required");
        else if (name.Length > 150) Fail(SpaceColumn.Name, "TooLong", name);

        Guid? floorId = null;
        var buildingName = Get(SpaceColumn.Building);
        if (buildingName.Length == 0)
        {
            Fail(SpaceColumn.Building, "Required");
        }
        else if (!places.Buildings.TryGetValue(Names.Fold(buildingName), out var buildingId))
        {
            Fail(SpaceColumn.Building, "UnknownPlace", buildingName);
        }
        else
        {
            var floorName = Get(SpaceColumn.Floor);
            if (floorName.Length == 0) Fail(SpaceColumn.Floor, "Required");
            else if (places.Floors.TryGetValue((buildingId, Names.Fold(floorName)), out var floor)) floorId = floor;
            else Fail(SpaceColumn.Floor, "UnknownPlace", floorName);
        }

        Guid? zoneId = null;
        var zoneName = Get(SpaceColumn.Zone);
        if (zoneName.Length > 0 && floorId is { } f)
        {
            if (places.Zones.TryGetValue((f, Names.Fold(zoneName)), out var zone)) zoneId = zone;
            else Fail(SpaceColumn.Zone, "UnknownPlace", zoneName);
        }

        var kind = SpaceKind.Desk;
        var kindText = Get(SpaceColumn.Kind);
        if (kindText.Length > 0 && !Kinds.TryGetValue(HeaderMatcher.Normalize(kindText), out kind)) Fail(SpaceColumn.Kind, "InvalidKind", kindText);

        var capacity = 1;
        var capacityText = Get(SpaceColumn.Capacity);
        if (capacityText.Length > 0 && (!int.TryParse(capacityText, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out capacity) || capacity is < 1 or > 1000))
        {
            Fail(SpaceColumn.Capacity, "InvalidCapacity", capacityText);
        }

        var amenities = Amenities.None;
        foreach (var amenity in ImportValues.SplitList(Get(SpaceColumn.Amenities)))
        {
            if (AmenityNames.TryGetValue(HeaderMatcher.Normalize(amenity), out var value)) amenities |= value;
            else Fail(SpaceColumn.Amenities, "InvalidAmenity", amenity);
        }

        var bookable = true;
        var bookableText = HeaderMatcher.Normalize(Get(SpaceColumn.Bookable));
        if (bookableText.Length > 0)
        {
            if (bookableText is "yes" or "oui" or "true" or "vrai" or "1" or "y" or "o") bookable = true;
            else if (bookableText is "no" or "non" or "false" or "faux" or "0" or "n") bookable = false;
            else Fail(SpaceColumn.Bookable, "InvalidYesNo", Get(SpaceColumn.Bookable));
        }

        if (floorId is { } target && name.Length > 0)
        {
            var key = (target, Names.Fold(name));
            if (seen.TryGetValue(key, out var first)) Fail(SpaceColumn.Name, "DuplicateSpace", $"{name} ({first})");
            else seen[key] = row.Number;
        }

        issues.AddRange(problems);
        if (problems.Count == 0)
        {
            valid.Add(new SpaceImportRow(row.Number, floorId!.Value, zoneId, name, kind, capacity, amenities, bookable));
        }
    }

    /// <summary>The spaces as a workbook in the import's own format, so that export, edit and import round-trip.</summary>
    public static byte[] Export(IEnumerable<(string Building, string Floor, string? Zone, string Name, SpaceKind Kind, int Capacity, Amenities Amenities, bool Bookable)> spaces, Func<SpaceColumn, string> header)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add("Spaces");
        var columns = Enum.GetValues<SpaceColumn>();
        for (var c = 0; c < columns.Length; c++)
        {
            sheet.Cell(1, c + 1).Value = header(columns[c]);
            sheet.Cell(1, c + 1).Style.Font.Bold = true;
            sheet.Column(c + 1).Width = 20;
        }

        var r = 2;
        foreach (var s in spaces)
        {
            sheet.Cell(r, 1).Value = s.Building;
            sheet.Cell(r, 2).Value = s.Floor;
            sheet.Cell(r, 3).Value = s.Zone ?? "";
            sheet.Cell(r, 4).Value = s.Name;
            sheet.Cell(r, 5).Value = s.Kind.ToString();
            sheet.Cell(r, 6).Value = s.Capacity;
            sheet.Cell(r, 7).Value = string.Join("; ", Enum.GetValues<Amenities>().Where(a => a != Amenities.None && s.Amenities.HasFlag(a)));
            sheet.Cell(r, 8).Value = s.Bookable ? "yes" : "no";
            r++;
        }

        sheet.SheetView.FreezeRows(1);
        using var output = new MemoryStream();
        workbook.SaveAs(output);
        return output.ToArray();
    }
}
