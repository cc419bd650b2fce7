using System.Text.RegularExpressions;
using System.Xml.Linq;
using Jooxter.Admin.Features.Shared.Spreadsheets;

namespace Jooxter.Admin.Tests.Infrastructure.Localization;

public sealed partial class ResourceTests
{
    private static readonly string AppFolder = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "Jooxter.Admin"));

    private static Dictionary<string, string> Read(string file) =>
        XDocument.Load(Path.Combine(AppFolder, "Resources", file)).Root!.Elements("data")
            .ToDictionary(d => d.Attribute("name")!.Value, d => d.Element("value")!.Value);

    [Fact]
    public void English_and_French_have_the_same_keys_and_no_empty_text()
    {
        var en = Read("SharedResource.resx");
        var fr = Read("SharedResource.fr.resx");

        en.Keys.Except(fr.Keys).ShouldBeEmpty("missing in French");
        fr.Keys.Except(en.Keys).ShouldBeEmpty("missing in English");
        en.Values.Concat(fr.Values).ShouldAllBe(v => !string.IsNullOrWhiteSpace(v));
    }

    [Fact]
    public void Every_literal_key_used_by_the_console_exists()
    {
        var en = Read("SharedResource.resx");
        var used = Directory.EnumerateFiles(AppFolder, "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal)) && !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/Migrations/", StringComparison.Ordinal))
            .SelectMany(f => LiteralKey().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Distinct()
            .ToList();

        used.Count.ShouldBeGreaterThan(50);
        used.Where(k => !en.ContainsKey(k)).ShouldBeEmpty();
    }

    [Fact]
    public void Keys_built_from_enums_exist_for_every_value()
    {
        var en = Read("SharedResource.resx");
        var families = new Dictionary<string, Type>
        {
            ["Role"] = typeof(Jooxter.Admin.Infrastructure.Security.Role),
            ["Dashboard"] = typeof(Jooxter.Admin.Features.Home.DashboardMetric),
            ["EmployeeStatus"] = typeof(Jooxter.Admin.Features.People.EmployeeStatus),
            ["TenantStatus"] = typeof(Jooxter.Admin.Features.Tenants.TenantStatus),
            ["Audit.Action"] = typeof(Jooxter.Admin.Infrastructure.Audit.AuditAction),
            ["NotAuthorized"] = typeof(Jooxter.Admin.Infrastructure.Security.SignInRefusal),
            ["Import.Problem"] = typeof(Jooxter.Admin.Features.Shared.Spreadsheets.WorkbookProblem),
            ["Import.Column"] = typeof(Jooxter.Admin.Features.People.Import.ImportColumn),
            ["Import.Help"] = typeof(Jooxter.Admin.Features.People.Import.ImportColumn),
            ["Import.Severity"] = typeof(Jooxter.Admin.Features.People.Import.IssueSeverity),
            ["Photo"] = typeof(Jooxter.Admin.Features.People.PhotoProblem),
            ["Scope"] = typeof(Jooxter.Admin.Features.People.ScopeKind),
            ["Lists"] = typeof(Jooxter.Admin.Features.People.PeopleListKind),
            ["SpaceKind"] = typeof(Jooxter.Admin.Features.Places.SpaceKind),
            ["Policy.Audience"] = typeof(Jooxter.Admin.Features.Places.Booking.BookingAudience),
            ["Policy.Level"] = typeof(Jooxter.Admin.Features.Places.Booking.PolicyLevel),
            ["Plan.State"] = typeof(Jooxter.Admin.Features.Places.Beacons.BeaconState),
            ["Plan.Kind"] = typeof(Jooxter.Admin.Features.Places.Plans.MarkerKind),
            ["Plan.Svg"] = typeof(Jooxter.Admin.Features.Places.Plans.SvgProblem),
            ["Reservation.Breach"] = typeof(Jooxter.Admin.Features.Reservations.BookingBreach),
            ["Reservation.Status"] = typeof(Jooxter.Admin.Features.Reservations.ReservationStatus),
            ["Arbitration.Kind"] = typeof(Jooxter.Admin.Features.Reservations.QueueItemKind),
            ["Arbitration.Decision"] = typeof(Jooxter.Admin.Features.Reservations.Decision),
            ["Notice.Kind"] = typeof(Jooxter.Admin.Features.Places.ReservationNoticeKind),
            ["Notice.Subject"] = typeof(Jooxter.Admin.Features.Places.ReservationNoticeKind),
            ["Notice.Body"] = typeof(Jooxter.Admin.Features.Places.ReservationNoticeKind),
            ["Outbox.Status"] = typeof(Jooxter.Admin.Features.People.Import.NotificationStatus),
            ["Privacy.Kind"] = typeof(Jooxter.Admin.Features.Privacy.RightsRequestKind),
            ["Privacy.Panel"] = typeof(Jooxter.Admin.Features.Privacy.RightsRequestKind),
            ["Privacy.Status"] = typeof(Jooxter.Admin.Features.Privacy.RightsRequestStatus),
            ["Privacy.Move"] = typeof(Jooxter.Admin.Features.Privacy.RightsRequestStatus),
            ["Privacy.SubjectKind"] = typeof(Jooxter.Admin.Features.Privacy.RightsSubjectKind),
            ["Privacy.Channel"] = typeof(Jooxter.Admin.Features.Privacy.RequestChannel),
            ["Privacy.Step"] = typeof(Jooxter.Admin.Features.Privacy.RequestStepKind),
        };

        var issueCodes = Directory.EnumerateFiles(Path.Combine(AppFolder, "Features", "People", "Import"), "*.cs")
            .SelectMany(f => IssueCode().Matches(File.ReadAllText(f)).Select(m => $"Import.Issue.{m.Groups[1].Value}"));
        string[] stages = ["Import.Stage.Reading", "Import.Stage.Checking", "Import.Stage.Saving"];
        var tables = Jooxter.Admin.Features.Privacy.Subjects.SubjectLinks.All.Select(l => $"Privacy.Table.{l.Entity.Name}");
        var missing = tables.Concat(families.SelectMany(f => Enum.GetNames(f.Value).Select(n => f.Key == "Plan.Svg" ? $"Plan.Svg{n}" : $"{f.Key}.{n}")).Concat(issueCodes).Concat(stages)).Where(k => !en.ContainsKey(k)).ToList();
        missing.ShouldBeEmpty();
    }

    // new ImportIssue(..., "Code") and Add(column, severity, "Code"...)
    [GeneratedRegex(@"IssueSeverity\.(?:Error|Warning), ""([A-Za-z]+)""")]
    private static partial Regex IssueCode();

    // L["Key"], TitleKey: "Key" in the navigation catalog, and message keys returned by services.
    [GeneratedRegex(@"(?:L\[""|new\(""|""\s*,\s*"")([A-Z][A-Za-z]+\.[A-Za-z.]+)""")]
    private static partial Regex LiteralKey();
}
