using System.IO.Compression;
using System.Text.Json;
using Jooxter.Admin.Data;
using Jooxter.Admin.Features.Privacy;
using Jooxter.Admin.Features.Privacy.Subjects;
using Jooxter.Admin.Features.Reservations;
using Jooxter.Admin.Infrastructure.Security;
using Jooxter.Admin.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Jooxter.Admin.Tests.Features.Privacy;

[Collection(PrivacyCollection.Name)]
public sealed class SubjectRightsTests(PrivacyApp app)
{
    private AdminAppFactory Factory => app.App;

    private DateTime Now => app.Clock.GetUtcNow().UtcDateTime;

    private async Task<System.Security.Claims.ClaimsPrincipal> AsAsync(PrivacyWorld world, string email) =>
        (await ServiceCaller.ResolveAsync(Factory, email, tenantSlug: world.Slug)).Principal!;

    private static JsonElement Json(byte[] zip, out List<string> entries)
    {
        using var archive = new ZipArchive(new MemoryStream(zip));
        entries = archive.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal).ToList();
        using var reader = new StreamReader(archive.GetEntry("data.json")!.Open());
        return JsonDocument.Parse(reader.ReadToEnd()).RootElement.Clone();
    }

    [Fact]
    public void Every_table_that_holds_personal_data_or_points_at_a_person_is_linked_to_its_subject()
    {
        using var db = Factory.OpenSystemDb();
        var unlinked = SubjectLinks.PersonalEntities(db.Model).Where(t => SubjectLinks.For(t) is null).Select(t => t.Name).ToList();
        unlinked.ShouldBeEmpty("a table with personal data that export and erasure cannot reach");
    }

    [Fact]
    public async Task The_export_of_a_fully_populated_subject_holds_every_marked_field_of_the_model()
    {
        var world = await PrivacyWorld.CreateAsync(Factory, Now);
        byte[] zip;
        await using (var scope = ServiceCaller.As(Factory, await AsAsync(world, world.DpoEmail)))
        {
            zip = (await scope.ServiceProvider.GetRequiredService<SubjectRightsService>().ExportAsync(world.AccessRequest))!.Content;
        }

        var json = Json(zip, out var entries);
        entries.ShouldBe(["data.json", "data.xlsx", "information.txt", "photo.jpg"]);
        var data = json.GetProperty("data");
        await using var db = Factory.OpenSystemDb();
        var missing = new List<string>();
        foreach (var field in PersonalDataCatalog.List(db.Model))
        {
            var present = data.TryGetProperty(field.EntityType.Name, out var rows)
                && rows.EnumerateArray().Any(r => r.TryGetProperty(field.Property, out var value) && value.ValueKind != JsonValueKind.Null);
            if (!present)
            {
                missing.Add($"{field.EntityType.Name}.{field.Property}");
            }
        }

        missing.ShouldBeEmpty("every marked field of a fully populated subject appears in the export");
    }

    [Fact]
    public async Task The_export_lists_bookings_as_guest_with_the_room_and_never_another_persons_identity()
    {
        var world = await PrivacyWorld.CreateAsync(Factory, Now, fully: false);
        byte[] zip;
        await using (var scope = ServiceCaller.As(Factory, await AsAsync(world, world.DpoEmail)))
        {
            zip = (await scope.ServiceProvider.GetRequiredService<SubjectRightsService>().ExportAsync(world.AccessRequest))!.Content;
        }

        var json = Json(zip, out _);
        var reservations = json.GetProperty("data").GetProperty("Reservation").EnumerateArray().ToList();
        reservations.Count.ShouldBe(3);
        var meeting = reservations.Single(r => r.GetProperty("Id").GetGuid() == world.BobMeeting);
        meeting.GetProperty("SpaceIdName").GetString().ShouldBe("Room Azur");
        meeting.TryGetProperty("HolderId", out _).ShouldBeFalse("Bob's id is Bob's");
        var guests = json.GetProperty("data").GetProperty("ReservationGuest").EnumerateArray().ToList();
        guests.Count.ShouldBe(2);
        guests.ShouldContain(g => g.GetProperty("Company").GetString() == "Lambert Conseil");

        var text = json.GetRawText();
        text.ShouldNotContain("Yann", Case.Insensitive);
        text.ShouldNotContain("bob@", Case.Insensitive);
        text.ShouldNotContain("Host\"", Case.Sensitive);

        var information = json.GetProperty("information");
        information.GetProperty("SupervisoryAuthority").GetString()!.ShouldContain("CNIL");
        information.GetProperty("Retention").GetProperty("LocationMinutes").GetInt32().ShouldBe(30);
    }

    [Fact]
    public async Task Erasure_leaves_no_identifier_of_the_subject_in_any_column_of_any_table_audit_trail_and_notices_included()
    {
        var world = await PrivacyWorld.CreateAsync(Factory, Now);
        // The exception recorded on the old request does not concern this one: nothing is kept.
        await using (var scope = ServiceCaller.As(Factory, await AsAsync(world, world.DpoEmail)))
        {
            var (result, scan) = await scope.ServiceProvider.GetRequiredService<SubjectRightsService>().EraseAsync(world.ErasureRequest);
            result.Succeeded.ShouldBeTrue(string.Join(", ", result.Errors.Select(e => e.MessageKey)));
            scan!.Outside.ShouldBe(0, string.Join(", ", scan.Hits.Select(h => $"{h.Entity}.{h.Column}={h.Rows}")));
        }

        // Checked independently of the scan: every text cell of every table of the database, read with plain SQL.
        var leaks = await CellsContainingAsync(Factory.DatabasePath, world.Tenant, ["zoe.lambert", "Zoé Lambert", "Lambert Zoé", "ZOÉ LAMBERT", "612345678", PrivacyWorld.ZoeObjectId]);
        leaks.ShouldBeEmpty();

        await using var db = Factory.OpenForTenant(world.Tenant);
        // Bookings stay for the statistics, with space and times, without identity.
        var bookings = await db.Reservations.Where(r => r.SpaceId == world.Space).OrderBy(r => r.StartsAtUtc).ToListAsync();
        bookings.Count.ShouldBe(3);
        bookings[0].Subject.ShouldBeNull();
        bookings[0].DecisionReason.ShouldBeNull();
        (await db.Employees.AnyAsync(e => e.Id == world.Zoe)).ShouldBeFalse();
        var standIn = await db.Employees.SingleAsync(e => e.Email == SubjectErasure.PlaceholderEmail);
        bookings[0].HolderId.ShouldBe(standIn.Id);
        bookings[1].BeneficiaryId.ShouldBe(standIn.Id);
        bookings[1].HolderId.ShouldBe(world.Bob);
        // The other guest of Bob's meeting is untouched.
        (await db.ReservationGuests.CountAsync(g => g.ReservationId == world.BobMeeting)).ShouldBe(1);
        var request = await db.RightsRequests.SingleAsync(r => r.Id == world.ErasureRequest);
        JsonSerializer.Deserialize<ScanResult>(request.ScanEvidence!)!.Outside.ShouldBe(0);
        request.SubjectEmployeeId.ShouldBeNull();

        // The chain still verifies after the erasure.
        var verification = await Jooxter.Admin.Infrastructure.Audit.AuditVerifier.VerifyAsync(db, world.Tenant);
        verification.IsIntact.ShouldBeTrue(verification.Problem);
    }

    [Fact]
    public async Task Data_kept_by_an_exception_stays_and_the_scan_counts_it_apart()
    {
        var world = await PrivacyWorld.CreateAsync(Factory, Now, fully: false);
        await using var scope = ServiceCaller.As(Factory, await AsAsync(world, world.DpoEmail));
        var register = scope.ServiceProvider.GetRequiredService<RightsRequestService>();
        (await register.AddExceptionAsync(world.ErasureRequest, nameof(Reservation), "Open dispute over a damaged room", DateOnly.FromDateTime(Now.AddDays(90)))).Succeeded.ShouldBeTrue();
        (await register.AddExceptionAsync(world.ErasureRequest, "Nonsense", "x", DateOnly.FromDateTime(Now.AddDays(90)))).Errors.Single().MessageKey.ShouldBe("Privacy.Exception.UnknownTable");

        var (result, scan) = await scope.ServiceProvider.GetRequiredService<SubjectRightsService>().EraseAsync(world.ErasureRequest);
        result.Succeeded.ShouldBeTrue();
        scan!.Outside.ShouldBe(0);
        scan.Hits.ShouldContain(h => h.Entity == nameof(Reservation) && h.Column == nameof(Reservation.Subject) && h.Excepted);

        await using var db = Factory.OpenForTenant(world.Tenant);
        (await db.Reservations.CountAsync(r => r.Subject == "Interview with Zoé Lambert")).ShouldBe(1);
    }

    [Fact]
    public async Task Erasure_touches_nobody_else_not_a_look_alike_address_or_name_nor_the_lawyer_who_wrote_for_the_subject()
    {
        var world = await PrivacyWorld.CreateAsync(Factory, Now, fully: false);
        Guid request, colleague;
        await using (var db = Factory.OpenForTenant(world.Tenant))
        {
            var lookAlike = new Jooxter.Admin.Features.People.Employee { FirstName = "Zoé", LastName = "Lamberti", Email = "a.zoe.lambert@privacy.test" };
            db.Employees.Add(lookAlike);
            colleague = lookAlike.Id;
            var meeting = await db.Reservations.SingleAsync(r => r.Id == world.BobMeeting);
            meeting.Subject = "Design review with Zoé Lamberti";
            db.ReservationGuests.Add(new ReservationGuest { ReservationId = world.BobMeeting, Name = "Lee Lawyer", Email = "lee@firm.test", Company = "Firm" });
            var erasure = RightsRequest.Receive(RightsRequestKind.Erasure, Now, world.Zoe);
            erasure.RequesterEmail = "lee@firm.test";
            db.RightsRequests.Add(erasure);
            await db.SaveChangesAsync();
            request = erasure.Id;
        }

        await using (var scope = ServiceCaller.As(Factory, await AsAsync(world, world.DpoEmail)))
        {
            var (result, scan) = await scope.ServiceProvider.GetRequiredService<SubjectRightsService>().EraseAsync(request);
            result.Succeeded.ShouldBeTrue();
            scan!.Outside.ShouldBe(0);
        }

        await using var check = Factory.OpenForTenant(world.Tenant);
        var other = await check.Employees.SingleAsync(e => e.Id == colleague);
        (other.FirstName, other.LastName, other.Email).ShouldBe(("Zoé", "Lamberti", "a.zoe.lambert@privacy.test"));
        (await check.Reservations.SingleAsync(r => r.Id == world.BobMeeting)).Subject.ShouldBe("Design review with Zoé Lamberti");
        (await check.ReservationGuests.SingleAsync(g => g.Email == "lee@firm.test")).Name.ShouldBe("Lee Lawyer");
        (await check.Employees.AnyAsync(e => e.Id == world.Zoe)).ShouldBeFalse();
    }

    [Fact]
    public async Task An_exception_on_a_table_that_follows_the_person_keeps_their_record_and_those_rows()
    {
        var world = await PrivacyWorld.CreateAsync(Factory, Now);
        await using (var scope = ServiceCaller.As(Factory, await AsAsync(world, world.DpoEmail)))
        {
            (await scope.ServiceProvider.GetRequiredService<RightsRequestService>().AddExceptionAsync(world.ErasureRequest, "LocationConsent", "Consent disputed before the works council", DateOnly.FromDateTime(Now.AddDays(60)))).Succeeded.ShouldBeTrue();
            var (result, scan) = await scope.ServiceProvider.GetRequiredService<SubjectRightsService>().EraseAsync(world.ErasureRequest);
            result.Succeeded.ShouldBeTrue();
            scan!.Outside.ShouldBe(0);
        }

        await using var check = Factory.OpenForTenant(world.Tenant);
        (await check.LocationConsents.CountAsync(c => c.EmployeeId == world.Zoe)).ShouldBe(1);
        (await check.Employees.AnyAsync(e => e.Id == world.Zoe)).ShouldBeTrue();
        (await check.EmployeePhotos.AnyAsync(p => p.EmployeeId == world.Zoe)).ShouldBeFalse();
        (await check.ReservationGuests.AnyAsync(g => g.EmployeeId == world.Zoe)).ShouldBeFalse();
    }

    [Fact]
    public async Task Erasure_of_someone_who_holds_a_console_role_is_refused_until_it_is_handed_over()
    {
        var world = await PrivacyWorld.CreateAsync(Factory, Now, fully: false);
        Guid request;
        await using (var db = Factory.OpenForTenant(world.Tenant))
        {
            var ada = await db.Employees.SingleAsync(e => e.Email == world.AdminEmail);
            var erasure = RightsRequest.Receive(RightsRequestKind.Erasure, Now, ada.Id);
            db.RightsRequests.Add(erasure);
            await db.SaveChangesAsync();
            request = erasure.Id;
        }

        await using var scope = ServiceCaller.As(Factory, await AsAsync(world, world.DpoEmail));
        var (result, _) = await scope.ServiceProvider.GetRequiredService<SubjectRightsService>().EraseAsync(request);
        result.Errors.Single().MessageKey.ShouldBe("Privacy.Erasure.LastAdministrator");
        await using var check = Factory.OpenForTenant(world.Tenant);
        (await check.Employees.AnyAsync(e => e.Email == world.AdminEmail)).ShouldBeTrue();
    }

    [Fact]
    public async Task Only_the_DPO_reaches_subject_rights_and_the_administrator_only_where_the_customer_allows()
    {
        var world = await PrivacyWorld.CreateAsync(Factory, Now, fully: false);
        await using (var scope = ServiceCaller.As(Factory, await AsAsync(world, world.HrEmail)))
        {
            await Should.ThrowAsync<AccessDeniedException>(() => scope.ServiceProvider.GetRequiredService<SubjectRightsService>().ExportAsync(world.AccessRequest));
        }

        await using (var scope = ServiceCaller.As(Factory, await AsAsync(world, world.AdminEmail)))
        {
            await Should.ThrowAsync<AccessDeniedException>(() => scope.ServiceProvider.GetRequiredService<RightsRequestService>().ListAsync(new RequestFilter()));
        }

        await using (var db = Factory.OpenSystemDb())
        {
            (await db.Tenants.SingleAsync(t => t.Id == world.Tenant)).AdministratorsHandleRightsRequests = true;
            await db.SaveChangesAsync();
        }

        await using (var scope = ServiceCaller.As(Factory, await AsAsync(world, world.AdminEmail)))
        {
            (await scope.ServiceProvider.GetRequiredService<RightsRequestService>().ListAsync(new RequestFilter())).Count.ShouldBe(2);
        }
    }

    /// <summary>
    /// Every text cell of the SQLite file that contains one of the needles, as "table.column": the customer's rows of
    /// every table that has a customer, and every row of those that do not.
    /// </summary>
    internal static async Task<List<string>> CellsContainingAsync(string databasePath, Guid tenant, string[] needles)
    {
        var found = new List<string>();
        await using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '__EFMigrationsHistory'";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        foreach (var table in tables)
        {
            var hasTenant = false;
            await using (var columns = connection.CreateCommand())
            {
                columns.CommandText = $"SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = 'TenantId'";
                hasTenant = Convert.ToInt32(await columns.ExecuteScalarAsync()) == 1;
            }

            await using var command = connection.CreateCommand();
            command.CommandText = hasTenant ? $"SELECT * FROM \"{table}\" WHERE upper(TenantId) = $tenant" : $"SELECT * FROM \"{table}\"";
            command.Parameters.AddWithValue("$tenant", tenant.ToString().ToUpperInvariant());
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    if (!reader.IsDBNull(i) && reader.GetValue(i) is string text && needles.FirstOrDefault(n => text.Contains(n, StringComparison.OrdinalIgnoreCase)) is { } needle)
                    {
                        found.Add($"{table}.{reader.GetName(i)} ({needle})");
                    }
                }
            }
        }

        return found.Distinct().ToList();
    }
}
