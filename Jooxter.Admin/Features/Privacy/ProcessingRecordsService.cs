using Jooxter.Admin.Data;
using Jooxter.Admin.Features.Shared;
using Jooxter.Admin.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Features.Privacy;

/// <summary>
/// The privacy policy's own table, as each customer's record of processing starts: purposes, data, legal bases and
/// retention, the sub-processors, and the policy version in force. Each customer's DPO edits their copy.
/// </summary>
public static class PrivacyRegisterSeed
{
    public const string PolicyVersion = "2026-01";

    public static void Add(AdminDbContext db, Guid tenantId, DateOnly since)
    {
        ProcessingActivity Purpose(string purpose, string data, string basis, string retention, string recipients, string source) =>
            new() { TenantId = tenantId, Purpose = purpose, DataCategories = data, LegalBasis = basis, Retention = retention, Recipients = recipients, Source = source };
        db.ProcessingActivities.AddRange(
            Purpose("Booking desks and meeting rooms", "Identity (name), professional e-mail, bookings (space, times, guests), check-ins",
                "Legitimate interest of the employer in organising its workplace (GDPR Art. 6(1)(f))", "Bookings: 24 months after they end; notices: 6 months",
                "The customer's space managers and facility managers; Jooxter as processor", "The employer's HR directory; the person and the colleagues who book for them"),
            Purpose("Indoor location (live occupancy, colleague finder)", "Position near a beacon (floor, zone, space), time seen",
                "Consent of the person (GDPR Art. 6(1)(a)), withdrawable at any time in the app", "30 minutes, then deleted; anonymous counts only afterwards",
                "Colleagues of the person's groups (colleague finder); managers see anonymous counts", "The Jooxter mobile app and the customer's beacons"),
            Purpose("Occupancy analytics", "Anonymous counts per space and quarter hour, shown for groups of at least five people",
                "Legitimate interest of the employer in sizing its workplace (GDPR Art. 6(1)(f))", "For the duration of the contract",
                "The customer's managers; Microsoft Power BI for reports", "Derived from bookings and indoor location"),
            Purpose("User accounts and directory", "Name, professional e-mail, phone, language, photo, company, building, groups, department, rights",
                "Performance of the contract between the customer and Jooxter; legitimate interest of the employer (GDPR Art. 6(1)(b), (f))",
                "While employed by the customer; all data deleted 12 months after the contract ends", "The customer's HR and administrators; Jooxter as processor",
                "The employer's HR directory (Excel import or Entra ID)"),
            Purpose("Security and audit trail", "Refused sign-ins (claimed e-mail, identity-provider id), changes made in the console (personal values masked)",
                "Legitimate interest in securing the service; legal obligation to demonstrate compliance (GDPR Art. 5(2), 32)", "Audit trail: 60 months; refused sign-ins: 12 months",
                "The customer's administrators, auditors and DPO", "The console itself"),
            Purpose("Rights requests", "The request, the requester's e-mail, the steps taken and evidence",
                "Legal obligation (GDPR Art. 12 to 22)", "5 years after the request is closed", "The customer's DPO", "The person making the request"));
        db.SubProcessors.AddRange(
            new SubProcessor { TenantId = tenantId, Name = "Amazon Web Services", Service = "Hosting of the Jooxter service and its databases", Location = "European Economic Area (Frankfurt, Paris)", Safeguards = "Data kept in the EEA; AWS data processing addendum; encryption at rest and in transit" },
            new SubProcessor { TenantId = tenantId, Name = "Microsoft Power BI", Service = "Occupancy reports for the customer's managers", Location = "European Economic Area", Safeguards = "Anonymous counts only (groups of five or more); Microsoft data protection addendum, standard contractual clauses" },
            new SubProcessor { TenantId = tenantId, Name = "Cronofy", Service = "Calendar synchronisation of meeting-room bookings", Location = "European Union (data centre in Germany)", Safeguards = "Data processing agreement; standard contractual clauses for UK support access" });
        db.PrivacyPolicyVersions.Add(new PrivacyPolicyVersion { TenantId = tenantId, Label = PolicyVersion, EffectiveOn = since < new DateOnly(2026, 1, 1) ? new DateOnly(2026, 1, 1) : since, Summary = "Indoor location kept 30 minutes; archives deleted 12 months after the contract ends; rights answered within 30 days." });
    }
}

public sealed record ActivityRow(Guid Id, string Purpose, string DataCategories, string LegalBasis, string Retention, string Recipients, string Source, Guid Version);

public sealed record SubProcessorRow(Guid Id, string Name, string Service, string Location, string Safeguards, Guid Version);

public sealed record DisclosureRow(Guid Id, DateOnly DisclosedOn, string Authority, string LegalBasis, string Description);

public sealed record PolicyRow(Guid Id, string Label, DateOnly EffectiveOn, string Summary);

public sealed record ProcessingRecords(IReadOnlyList<ActivityRow> Activities, IReadOnlyList<SubProcessorRow> SubProcessors, IReadOnlyList<DisclosureRow> Disclosures, IReadOnlyList<PolicyRow> Policies, string Customer);

/// <summary>The DPO's records of processing: purposes, sub-processors, disclosures to authorities and policy versions.</summary>
public sealed class ProcessingRecordsService(AdminDatabase database, CurrentUser currentUser, TimeProvider clock)
{
    public async Task<ProcessingRecords> GetAsync(CancellationToken ct = default)
    {
        await using var db = await database.OpenAsync();
        await RightsRequestService.DemandAsync(currentUser, db, ct);
        return new ProcessingRecords(
            await db.ProcessingActivities.AsNoTracking().OrderBy(a => a.Purpose).Select(a => new ActivityRow(a.Id, a.Purpose, a.DataCategories, a.LegalBasis, a.Retention, a.Recipients, a.Source, a.Version)).ToListAsync(ct),
            await db.SubProcessors.AsNoTracking().OrderBy(s => s.Name).Select(s => new SubProcessorRow(s.Id, s.Name, s.Service, s.Location, s.Safeguards, s.Version)).ToListAsync(ct),
            await db.AuthorityDisclosures.AsNoTracking().OrderByDescending(d => d.DisclosedOn).Select(d => new DisclosureRow(d.Id, d.DisclosedOn, d.Authority, d.LegalBasis, d.Description)).ToListAsync(ct),
            await db.PrivacyPolicyVersions.AsNoTracking().OrderByDescending(p => p.EffectiveOn).Select(p => new PolicyRow(p.Id, p.Label, p.EffectiveOn, p.Summary)).ToListAsync(ct),
            await db.Tenants.Select(t => t.Name).SingleAsync(ct));
    }

    /// <summary>Fills an empty record from the privacy policy's table (customers created before the register existed).</summary>
    public async Task<OperationResult> SeedAsync(CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.ManagePrivacy);
        await using var db = await database.OpenAsync();
        if (await db.ProcessingActivities.AnyAsync(ct) || await db.SubProcessors.AnyAsync(ct))
        {
            return OperationResult.Fail("", "Privacy.Records.NotEmpty");
        }

        var tenant = await db.Tenants.AsNoTracking().SingleAsync(ct);
        PrivacyRegisterSeed.Add(db, user.TenantId!.Value, tenant.ContractStart);
        if (await db.PrivacyPolicyVersions.AnyAsync(ct))
        {
            foreach (var added in db.ChangeTracker.Entries<PrivacyPolicyVersion>().Where(e => e.State == EntityState.Added).ToList())
            {
                added.State = EntityState.Detached;
            }
        }

        await db.SaveChangesAsync(ct);
        return OperationResult.Ok;
    }

    public async Task<OperationResult> SaveActivityAsync(ActivityRow row, CancellationToken ct = default)
    {
        await currentUser.DemandAsync(Capability.ManagePrivacy);
        if (string.IsNullOrWhiteSpace(row.Purpose) || string.IsNullOrWhiteSpace(row.DataCategories) || string.IsNullOrWhiteSpace(row.LegalBasis) || string.IsNullOrWhiteSpace(row.Retention))
        {
            return OperationResult.Fail("", "Privacy.Records.Incomplete");
        }

        await using var db = await database.OpenAsync();
        var activity = await db.ProcessingActivities.SingleOrDefaultAsync(a => a.Id == row.Id, ct);
        if (activity is null && row.Id != Guid.Empty)
        {
            return OperationResult.NotFound();
        }

        if (activity is null)
        {
            activity = new ProcessingActivity { Purpose = "", DataCategories = "", LegalBasis = "", Retention = "" };
            db.ProcessingActivities.Add(activity);
        }
        else
        {
            Concurrency.Expect(db, activity, row.Version);
        }

        activity.Purpose = row.Purpose.Trim();
        activity.DataCategories = row.DataCategories.Trim();
        activity.LegalBasis = row.LegalBasis.Trim();
        activity.Retention = row.Retention.Trim();
        activity.Recipients = row.Recipients.Trim();
        activity.Source = row.Source.Trim();
        return await Concurrency.SaveAsync(db, ct);
    }

    public async Task<OperationResult> SaveSubProcessorAsync(SubProcessorRow row, CancellationToken ct = default)
    {
        await currentUser.DemandAsync(Capability.ManagePrivacy);
        if (string.IsNullOrWhiteSpace(row.Name) || string.IsNullOrWhiteSpace(row.Service) || string.IsNullOrWhiteSpace(row.Location))
        {
            return OperationResult.Fail("", "Privacy.Records.Incomplete");
        }

        await using var db = await database.OpenAsync();
        var sub = await db.SubProcessors.SingleOrDefaultAsync(s => s.Id == row.Id, ct);
        if (sub is null && row.Id != Guid.Empty)
        {
            return OperationResult.NotFound();
        }

        if (sub is null)
        {
            sub = new SubProcessor { Name = "", Service = "", Location = "" };
            db.SubProcessors.Add(sub);
        }
        else
        {
            Concurrency.Expect(db, sub, row.Version);
        }

        sub.Name = row.Name.Trim();
        sub.Service = row.Service.Trim();
        sub.Location = row.Location.Trim();
        sub.Safeguards = row.Safeguards.Trim();
        return await Concurrency.SaveAsync(db, ct);
    }

    public async Task<OperationResult> DeleteAsync(Guid id, CancellationToken ct = default)
    {
        await currentUser.DemandAsync(Capability.ManagePrivacy);
        await using var db = await database.OpenAsync();
        var deleted = await db.ProcessingActivities.Where(a => a.Id == id).ExecuteDeleteAsync(ct)
            + await db.SubProcessors.Where(s => s.Id == id).ExecuteDeleteAsync(ct);
        return deleted == 0 ? OperationResult.NotFound() : OperationResult.Ok;
    }

    public async Task<OperationResult> LogDisclosureAsync(DateOnly on, string authority, string legalBasis, string description, CancellationToken ct = default)
    {
        await currentUser.DemandAsync(Capability.ManagePrivacy);
        if (string.IsNullOrWhiteSpace(authority) || string.IsNullOrWhiteSpace(legalBasis) || string.IsNullOrWhiteSpace(description))
        {
            return OperationResult.Fail("", "Privacy.Records.Incomplete");
        }

        if (on > DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime))
        {
            return OperationResult.Fail("DisclosedOn", "Privacy.Records.FutureDate");
        }

        await using var db = await database.OpenAsync();
        db.AuthorityDisclosures.Add(new AuthorityDisclosure { DisclosedOn = on, Authority = authority.Trim(), LegalBasis = legalBasis.Trim(), Description = description.Trim() });
        await db.SaveChangesAsync(ct);
        return OperationResult.Ok;
    }

    public async Task<OperationResult> AddPolicyAsync(string label, DateOnly effectiveOn, string summary, CancellationToken ct = default)
    {
        await currentUser.DemandAsync(Capability.ManagePrivacy);
        if (string.IsNullOrWhiteSpace(label))
        {
            return OperationResult.Fail("Label", "Validation.Required");
        }

        await using var db = await database.OpenAsync();
        if (await db.PrivacyPolicyVersions.AnyAsync(p => p.Label == label.Trim(), ct))
        {
            return OperationResult.Fail("Label", "Privacy.Records.PolicyExists");
        }

        db.PrivacyPolicyVersions.Add(new PrivacyPolicyVersion { Label = label.Trim(), EffectiveOn = effectiveOn, Summary = summary.Trim() });
        await db.SaveChangesAsync(ct);
        return OperationResult.Ok;
    }
}
