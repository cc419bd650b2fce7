using System.Diagnostics;
using System.Security.Claims;
using Jooxter.Admin.Features.Occupancy;
using Jooxter.Admin.Features.Occupancy.Colleagues;
using Jooxter.Admin.Features.People;
using Jooxter.Admin.Features.Places;
using Jooxter.Admin.Features.Privacy;
using Jooxter.Admin.Features.Reservations;
using Jooxter.Admin.Infrastructure.Security;
using Jooxter.Admin.Resources;
using Jooxter.Admin.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Jooxter.Admin.Tests.Benchmarks;

/// <summary>
/// The access export of a heavy subject: five years of daily bookings (each with its confirmation notice and its
/// audit entry), 200 guests invited to them, consents, declared days, groups and a photo. Measures the one-click
/// export (JSON + XLSX + Article 15 information in a zip, the request's step written), against a baseline in the same
/// run: the same rows read with plain queries and nothing else.
/// </summary>
public static class PrivacyBenchmark
{
    public static async Task RunAsync(int years, TextWriter output)
    {
        await using var database = await TestDatabase.CreateAsync();
        var (tenantId, dpoId) = await database.AddTenantAsync("bench", "dpo@bench.test");
        var now = DateTime.UtcNow;
        var subject = new Employee { FirstName = "Hélène", LastName = "Lourd", Email = "helene.lourd@bench.test", Phone = "+33612345678", DirectoryObjectId = "oid-helene" };
        var host = new Employee { FirstName = "Hugo", LastName = "Hôte", Email = "hugo@bench.test" };
        var building = new Building { Name = "HQ", TimeZone = "Europe/Paris" };
        var floor = new Floor { BuildingId = building.Id, Level = 1, Name = "First" };
        var desks = Enumerable.Range(1, 10).Select(i => new Space { FloorId = floor.Id, Name = $"D-{i}", Kind = SpaceKind.Desk }).ToList();
        var groups = Enumerable.Range(1, 5).Select(i => new UserGroup { Name = $"Team {i}" }).ToList();
        var days = years * 365;
        var bookings = Enumerable.Range(1, days).Select(d => new Reservation
        {
            SpaceId = desks[d % desks.Count].Id, HolderId = subject.Id, StartsAtUtc = now.Date.AddDays(-d).AddHours(8), EndsAtUtc = now.Date.AddDays(-d).AddHours(17),
            Status = ReservationStatus.CheckedIn, CreatedAtUtc = now.Date.AddDays(-d - 3), Subject = d % 7 == 0 ? "Weekly planning" : null,
        }).ToList();
        var guests = Enumerable.Range(1, 200).Select(i => new ReservationGuest { ReservationId = bookings[i * 7].Id, Name = $"Guest {i}", Email = $"guest{i}@partner.test", Company = "Partner" }).ToList();
        var invitedBy = Enumerable.Range(1, 100).Select(i => new Reservation { SpaceId = desks[0].Id, HolderId = host.Id, StartsAtUtc = now.Date.AddDays(-i).AddHours(18), EndsAtUtc = now.Date.AddDays(-i).AddHours(19), CreatedAtUtc = now.Date.AddDays(-i - 1) }).ToList();
        var asGuest = invitedBy.Select(r => new ReservationGuest { ReservationId = r.Id, EmployeeId = subject.Id }).ToList();
        var notices = bookings.Select(b => new Jooxter.Admin.Features.Places.ReservationNotice { ReservationId = b.Id, Kind = ReservationNoticeKind.Confirmed, Reason = "confirmed", QueuedAtUtc = b.CreatedAtUtc, Status = Jooxter.Admin.Features.People.Import.NotificationStatus.Sent, SentAtUtc = b.CreatedAtUtc }).ToList();
        var consents = Enumerable.Range(0, 10).Select(i => new LocationConsent { EmployeeId = subject.Id, Granted = i % 2 == 0, DecidedAtUtc = now.AddDays(-150 * i), PolicyVersion = "2026-01", Source = "App" }).ToList();
        var declared = Enumerable.Range(1, days).Where(d => d % 7 < 5).Select(d => new DeclaredStatus { EmployeeId = subject.Id, Day = DateOnly.FromDateTime(now.AddDays(-d)), Status = d % 3 == 0 ? WorkplaceStatus.Remote : WorkplaceStatus.OnSite }).ToList();
        var request = RightsRequest.Receive(RightsRequestKind.Access, now.AddDays(-1), subject.Id);
        request.RequesterEmail = subject.Email;

        var watch = Stopwatch.StartNew();
        await using (var db = database.OpenForTenant(tenantId, dpoId))
        {
            db.RoleAssignments.Add(new RoleAssignment { EmployeeId = dpoId, Role = Role.DataProtectionOfficer });
            db.AddRange(subject, host, building, floor);
            db.AddRange(desks);
            db.AddRange(groups);
            db.UserGroupMembers.AddRange(groups.Select(g => new UserGroupMember { UserGroupId = g.Id, EmployeeId = subject.Id }));
            db.EmployeePhotos.Add(new EmployeePhoto { EmployeeId = subject.Id, ContentType = "image/jpeg", Content = Images.Png(256, 256), UpdatedAtUtc = now });
            db.RightsRequests.Add(request);
            PrivacyRegisterSeed.Add(db, tenantId, new DateOnly(2021, 1, 1));
            await db.SaveChangesAsync();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.BulkInsertAsync(bookings.Concat(invitedBy).ToList());
            await db.BulkInsertAsync(guests.Concat(asGuest).ToList());
            await db.BulkInsertAsync(notices);
            await db.BulkInsertAsync(consents);
            await db.BulkInsertAsync(declared);
            await transaction.CommitAsync();
        }

        output.WriteLine($"Seeded a subject with {bookings.Count:N0} bookings ({years} years), {guests.Count} guests invited, {asGuest.Count} invitations, {notices.Count:N0} notices, {declared.Count:N0} declared days, {consents.Count} consents, in {watch.Elapsed.TotalSeconds:F1} s");

        var principal = new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(JooxterClaims.EmployeeId, dpoId.ToString()),
            new Claim(JooxterClaims.TenantId, tenantId.ToString()),
            new Claim(ClaimTypes.Role, nameof(Role.DataProtectionOfficer)),
        ], "bench"));
        var current = new CurrentUser(new HttpContextAccessor { HttpContext = new DefaultHttpContext { User = principal } });
        var localizer = new StringLocalizerFactory().Create();
        var rights = new SubjectRightsService(new Jooxter.Admin.Data.AdminDatabase(database.Options, TimeProvider.System, current), current, TimeProvider.System, localizer);

        var baseline = await Timing.MeasureAsync(async () =>
        {
            await using var db = database.OpenForTenant(tenantId);
            var rows = (await db.Reservations.AsNoTracking().Where(r => r.HolderId == subject.Id || r.BeneficiaryId == subject.Id).ToListAsync()).Count;
            rows += (await db.ReservationGuests.AsNoTracking().Where(g => g.EmployeeId == subject.Id).ToListAsync()).Count;
            rows += (await db.ReservationNotices.AsNoTracking().Where(n => n.RecipientId == subject.Id || db.Reservations.Any(r => r.Id == n.ReservationId && r.HolderId == subject.Id)).ToListAsync()).Count;
            rows += (await db.DeclaredStatuses.AsNoTracking().Where(d => d.EmployeeId == subject.Id).ToListAsync()).Count;
            return rows;
        }, runs: 9);
        output.WriteLine($"Baseline, the subject's bookings, invitations, notices and declared days read with plain queries: median {baseline.Median:F0} ms, slowest {baseline.Max:F0} ms");

        var subjectKey = new Jooxter.Admin.Features.Privacy.Subjects.DataSubject(subject.Id, [Employee.NormalizeEmail(subject.Email)]);
        Jooxter.Admin.Features.Privacy.Subjects.SubjectDataSet? data = null;
        var reading = await Timing.MeasureAsync(async () =>
        {
            await using var db = database.OpenForTenant(tenantId);
            await using var platform = database.OpenSystem();
            data = await Jooxter.Admin.Features.Privacy.Subjects.SubjectData.ReadAsync(db, platform, subjectKey, default);
            return data.Tables.Sum(t => t.Rows.Count);
        }, runs: 9);
        output.WriteLine($"  of which reading every linked table, names and audit lines ({data!.Tables.Sum(t => t.Rows.Count):N0} rows, {data.Audit.Count:N0} audit lines): median {reading.Median:F0} ms");
        await using (var db = database.OpenForTenant(tenantId))
        {
            var information = await SubjectRightsService.InformationAsync(db, default);
            var writing = await Timing.MeasureAsync(() => Task.FromResult(Jooxter.Admin.Features.Privacy.Subjects.SubjectExport.Write(data, information, now, localizer).Length), runs: 9);
            output.WriteLine($"  of which writing the zip (JSON, XLSX, information): median {writing.Median:F0} ms");
        }

        var size = 0;
        var export = await Timing.MeasureAsync(async () =>
        {
            var file = await rights.ExportAsync(request.Id);
            size = file!.Content.Length;
            return size;
        }, runs: 9);
        output.WriteLine($"Access export (JSON + XLSX + Article 15 information + photo, zipped, step recorded): median {export.Median:F0} ms, slowest {export.Max:F0} ms, {size / 1024.0:F0} KB; goal 2,000 ms");

        // Erasure of the same subject, once (it cannot be repeated): deletes, anonymises, scans every text column twice.
        var erasure = RightsRequest.Receive(RightsRequestKind.Erasure, now.AddDays(-1), subject.Id);
        await using (var db = database.OpenForTenant(tenantId))
        {
            db.RightsRequests.Add(erasure);
            await db.SaveChangesAsync();
            output.WriteLine($"Customer holds {await db.AuditEntries.CountAsync():N0} audit entries, {await db.Reservations.CountAsync():N0} bookings before the erasure");
        }

        var erase = Stopwatch.StartNew();
        var (result, scan) = await rights.EraseAsync(erasure.Id);
        output.WriteLine($"Erasure with residual scan: {erase.Elapsed.TotalMilliseconds:F0} ms, {(result.Succeeded ? "done" : "refused")}, {scan?.Outside} rows left outside exceptions, {scan?.ColumnsScanned} columns in {scan?.TablesScanned} tables scanned");
    }

    private sealed class StringLocalizerFactory
    {
        public IStringLocalizer<SharedResource> Create()
        {
            var options = Options.Create(new LocalizationOptions());
            var factory = new ResourceManagerStringLocalizerFactory(options, NullLoggerFactory.Instance);
            return new StringLocalizer<SharedResource>(factory);
        }
    }
}
