using System.Globalization;
using System.Text;
using Microsoft.Extensions.Localization;

namespace Jooxter.Admin.Features.Privacy.Subjects;

public sealed record PurposeInformation(string Purpose, string DataCategories, string LegalBasis, string Retention, string Recipients, string Source);

public sealed record SubProcessorInformation(string Name, string Service, string Location, string Safeguards);

public sealed record RetentionInformation(int ReservationMonths, int NoticeMonths, int ImportMonths, int AuditMonths, int LocationMinutes, int ArchiveMonthsAfterContract);

/// <summary>
/// What Article 15(1) GDPR says a person must be told with their data: purposes, categories, recipients and
/// sub-processors, retention, their rights and the authority to complain to, and where the data came from. Built from
/// the customer's record of processing, so that what the DPO edits is what people receive.
/// </summary>
public sealed record Article15Information(
    string Controller,
    string Processor,
    IReadOnlyList<PurposeInformation> Purposes,
    IReadOnlyList<SubProcessorInformation> SubProcessors,
    RetentionInformation Retention,
    IReadOnlyList<string> PolicyVersions,
    string SupervisoryAuthority)
{
    public const string Cnil = "CNIL (Commission nationale de l'informatique et des libertés), 3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07, France; https://www.cnil.fr/fr/plaintes";

    public string ToText(IStringLocalizer text)
    {
        var culture = CultureInfo.CurrentCulture;
        var builder = new StringBuilder();
        builder.AppendLine(text["Privacy.Info.Title"]).AppendLine();
        builder.AppendLine(text["Privacy.Info.Controller", Controller]);
        builder.AppendLine(text["Privacy.Info.Processor", Processor]).AppendLine();
        builder.AppendLine(text["Privacy.Info.Purposes"]);
        foreach (var purpose in Purposes)
        {
            builder.AppendLine(culture, $"- {purpose.Purpose}");
            builder.AppendLine(culture, $"  {text["Privacy.Records.Categories"]}: {purpose.DataCategories}");
            builder.AppendLine(culture, $"  {text["Privacy.Records.LegalBasis"]}: {purpose.LegalBasis}");
            builder.AppendLine(culture, $"  {text["Privacy.Records.Retention"]}: {purpose.Retention}");
            builder.AppendLine(culture, $"  {text["Privacy.Records.Recipients"]}: {purpose.Recipients}");
            builder.AppendLine(culture, $"  {text["Privacy.Records.Source"]}: {purpose.Source}");
        }

        builder.AppendLine().AppendLine(text["Privacy.Info.SubProcessors"]);
        foreach (var sub in SubProcessors)
        {
            builder.AppendLine(culture, $"- {sub.Name}: {sub.Service} ({sub.Location}); {sub.Safeguards}");
        }

        builder.AppendLine().AppendLine(text["Privacy.Info.Retention",
            Retention.LocationMinutes, Retention.ReservationMonths, Retention.NoticeMonths, Retention.ImportMonths, Retention.AuditMonths, Retention.ArchiveMonthsAfterContract]);
        builder.AppendLine().AppendLine(text["Privacy.Info.Rights"]);
        builder.AppendLine(text["Privacy.Info.Complaint", SupervisoryAuthority]);
        if (PolicyVersions.Count > 0)
        {
            builder.AppendLine().AppendLine(text["Privacy.Info.Policies", string.Join(", ", PolicyVersions)]);
        }

        return builder.ToString();
    }
}
