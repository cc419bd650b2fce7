using System.Reflection;
using System.Security.Claims;
using Jooxter.Admin.Features.Shared;
using Jooxter.Admin.Infrastructure.Demo;
using Jooxter.Admin.Infrastructure.Security;
using Jooxter.Admin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Jooxter.Admin.Tests.Integration;

/// <summary>
/// Every method of every feature service that is not a known read is a write: the walk calls each one, as the auditor,
/// the DPO and the other customer's administrator, aimed at the demo customer's real records. Each is refused and
/// neither customer's audit chain moves (every write to customer data extends it). A new service method is walked
/// the day it is added, and fails here until it refuses these callers, or is listed as a read.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class ServiceWriteWalkTests(AdminAppFactory factory)
{
    /// <summary>Methods that only read; the walk does not call them. Everything else found on a service is a write.</summary>
    private static readonly HashSet<string> Reads =
    [
        "BuildingDirectoryService.ListAsync", "BookingPolicyService.GetAsync", "BookingPolicyService.GroupsAsync", "BookingPolicyService.EffectiveForSpaceAsync",
        "PlanService.GetAsync", "PlanService.MarkersAsync", "PlacesService.GetBuildingAsync", "PlacesService.GetFloorAsync", "PlacesService.ListSpacesAsync",
        "PlacesService.GetSpaceAsync", "PlacesService.ImpactAsync", "BeaconService.ListAsync", "BeaconService.ExportAsync", "SpaceImportService.PreviewAsync",
        "SpaceImportService.ExportAsync", "EmployeeDirectoryService.SearchAsync", "PeopleListService.ListAsync", "PeopleListService.MembersAsync",
        "EmployeeService.GetAsync", "EmployeeService.GetListsAsync", "EmployeeService.GetPhotoAsync", "EmployeeImportService.PreviewAsync",
        "EmployeeImportService.CreateTemplateAsync", "EmployeeImportService.AnnotateAsync", "RoleAssignmentService.ListAsync", "RoleAssignmentService.ScopeOptionsAsync",
        "AuditTrailService.GetPageAsync", "AuditTrailService.GetEntityTypesAsync", "AuditTrailService.VerifyAsync", "DashboardService.GetTilesAsync",
        "TenantService.ListAsync", "DemoPersonaDirectory.ListAsync", "DemoPersonaDirectory.CustomersAsync",
        "ReservationService.DayAsync", "ReservationService.SitesAsync", "ReservationService.NoShowsAsync", "ReservationService.ExportAsync", "ReservationService.GetAsync", "ReservationService.PeopleAsync", "ReservationService.SearchAsync",
        "ArbitrationService.QueueAsync", "ArbitrationService.SuggestAsync", "OutboxService.ListAsync",
        "AccessKeyService.ListAsync", "ConsentService.HistoryAsync", "LiveOccupancyService.SitesAsync", "LiveOccupancyService.FloorAsync", "LiveOccupancyService.BuildingAsync",
        "AnalyticsService.ReportAsync", "AnalyticsService.DatasetAsync", "AnalyticsService.ZonesAsync", "ColleagueFinderService.PeopleAsync", "ColleagueFinderService.FindAsync",
        "RightsRequestService.CanUseAsync", "RightsRequestService.DashboardAsync", "RightsRequestService.ListAsync", "RightsRequestService.GetAsync", "RightsRequestService.FindPeopleAsync",
        "RightsRequestService.AssigneesAsync", "SubjectRightsService.CurrentAsync", "RetentionService.GetAsync", "RetentionService.PreviewAsync", "RetentionService.LogAsync",
        "RetentionService.UpcomingArchivesAsync", "ProcessingRecordsService.GetAsync",
    ];

    public static IEnumerable<MethodInfo> Writes() => typeof(Program).Assembly.GetTypes()
        .Where(t => t.IsClass && t.IsPublic && t.Namespace?.StartsWith("Jooxter.Admin.Features", StringComparison.Ordinal) == true)
        .Where(t => t.Name.EndsWith("Service", StringComparison.Ordinal) || t.Name.EndsWith("Directory", StringComparison.Ordinal))
        .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
        .Where(m => typeof(Task).IsAssignableFrom(m.ReturnType))
        .Where(m => !Reads.Contains($"{m.DeclaringType!.Name}.{m.Name}"))
        .OrderBy(m => $"{m.DeclaringType!.Name}.{m.Name}");

    public static TheoryData<string> Callers() => new(DemoPersonas.Auditor.Email, DemoPersonas.Dpo.Email, DemoPersonas.OtherCustomerAdmin.Email);

    [Fact]
    public void The_walk_finds_the_writes_of_every_service()
    {
        var writes = Writes().Select(m => $"{m.DeclaringType!.Name}.{m.Name}").ToList();

        // A floor of names that must be among them, so that a broken enumeration cannot pass by walking nothing.
        writes.ShouldContain("EmployeeService.SaveAsync");
        writes.ShouldContain("PlanService.UploadAsync");
        writes.ShouldContain("RoleAssignmentService.AssignAsync");
        writes.ShouldContain("TenantService.SetSignInAsync");
        writes.ShouldContain("EmployeeImportService.CommitAsync");
        writes.ShouldContain("ReservationService.BookAsync");
        writes.ShouldContain("ArbitrationService.DecideAsync");
        writes.ShouldContain("AccessKeyService.CreateAsync");
        writes.ShouldContain("ConsentService.RecordAsync");
        writes.ShouldContain("ColleagueFinderService.DeclareAsync");
        writes.ShouldContain("AnalyticsService.SetMinimumGroupSizeAsync");
        writes.Count.ShouldBeGreaterThanOrEqualTo(25);
    }

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task Every_write_is_refused_to_this_caller_and_changes_nothing(string email)
    {
        var principal = await ServiceCaller.SignInAsync(factory, email);
        var targets = await DemoTargetsAsync();
        var failures = new List<string>();
        var otherCustomer = email == DemoPersonas.OtherCustomerAdmin.Email;
        foreach (var method in Writes())
        {
            // The other customer's administrator may write into their own customer: only writes aimed at a record
            // (an id, or a form carrying one) can reach the demo customer's data, and those are walked.
            if (otherCustomer && !method.GetParameters().Any(AimsAtARecord))
            {
                continue;
            }

            // The DPO's own writes (the register, erasure, retention, records of processing) are theirs to make;
            // the privacy tests check them, and this walk still checks them for the auditor and the other customer.
            if (email == DemoPersonas.Dpo.Email && method.DeclaringType!.Namespace == typeof(Jooxter.Admin.Features.Privacy.RightsRequestService).Namespace)
            {
                continue;
            }

            var before = await ChainsAsync();
            string? outcome;
            await using (var scope = ServiceCaller.As(factory, principal))
            {
                var service = scope.ServiceProvider.GetRequiredService(method.DeclaringType!);
                outcome = await CallAsync(service, method, targets);
            }

            if (outcome is not null)
            {
                failures.Add($"{method.DeclaringType!.Name}.{method.Name}: {outcome}");
            }

            if (await ChainsAsync() is var after && after != before)
            {
                failures.Add($"{method.DeclaringType!.Name}.{method.Name}: the data changed ({before} -> {after})");
            }
        }

        failures.ShouldBeEmpty();
    }

    private static bool AimsAtARecord(ParameterInfo parameter)
    {
        var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        return type == typeof(Guid) || type == typeof(IReadOnlyList<Guid>) || type == typeof(Jooxter.Admin.Features.Places.PlaceTarget)
            || (type.IsClass && type != typeof(string) && type.GetProperty("Id") is { } id && (Nullable.GetUnderlyingType(id.PropertyType) ?? id.PropertyType) == typeof(Guid));
    }

    /// <summary>Null when the call was refused (access denied, a failed result, nothing found); otherwise what went wrong.</summary>
    private static async Task<string?> CallAsync(object service, MethodInfo method, Targets targets)
    {
        try
        {
            var task = (Task)method.Invoke(service, method.GetParameters().Select(p => Argument(p, method, targets)).ToArray())!;
            await task;
            var result = task.GetType().GetProperty("Result")?.GetValue(task);
            return result switch
            {
                OperationResult r => r.Succeeded ? "succeeded" : null,
                SaveResult r => r.Result.Succeeded ? "succeeded" : null,
                // Another customer's caller is told nothing was done (its scope holds none of the selection).
                Jooxter.Admin.Features.Shared.BatchResult r => r.Done == 0 ? null : $"changed {r.Done}",
                Jooxter.Admin.Features.Occupancy.IssuedKey r => r.Result.Succeeded ? "succeeded" : null,
                Jooxter.Admin.Features.Places.Import.PlaceImportReport r => r.Committed ? "committed" : null,
                Jooxter.Admin.Features.People.Import.ImportReport r => r.Committed ? "committed" : null,
                int n => n == 0 ? null : $"changed {n}",
                null => null,
                Jooxter.Admin.Features.People.PhotoProblem => null,
                _ when task.GetType().GetProperty("Result") is null || result.GetType().Name == "VoidTaskResult" => null,
                _ => $"returned {result}",
            };
        }
        catch (TargetInvocationException error) when (error.InnerException is AccessDeniedException)
        {
            return null;
        }
        catch (AccessDeniedException)
        {
            return null;
        }
        catch (Exception error)
        {
            return $"crashed with {(error is TargetInvocationException t ? t.InnerException : error)?.GetType().Name}: {(error is TargetInvocationException ti ? ti.InnerException : error)?.Message}";
        }
    }

    private sealed record Targets(Guid Tenant, Guid Employee, Guid Building, Guid Floor, Guid Zone, Guid Space, Guid Group, Guid Department, Guid Assignment, Guid Beacon, Guid Reservation);

    private async Task<Targets> DemoTargetsAsync()
    {
        await using var db = factory.OpenSystemDb();
        var tenant = await db.Tenants.SingleAsync(t => t.Slug == DemoPersonas.DemoTenant);
        var hr = Jooxter.Admin.Features.People.Employee.NormalizeEmail(DemoPersonas.HrAdmin.Email);
        var employee = await db.Employees.SingleAsync(e => e.NormalizedEmail == hr);
        var floor = await db.Floors.FirstAsync(f => f.TenantId == tenant.Id);
        return new Targets(
            tenant.Id,
            employee.Id,
            floor.BuildingId,
            floor.Id,
            await db.Zones.Where(z => z.TenantId == tenant.Id).Select(z => z.Id).FirstOrDefaultAsync(),
            await db.Spaces.Where(s => s.TenantId == tenant.Id).Select(s => s.Id).FirstAsync(),
            await db.UserGroups.Where(g => g.TenantId == tenant.Id).Select(g => g.Id).FirstAsync(),
            await db.Departments.Where(d => d.TenantId == tenant.Id).Select(d => d.Id).FirstAsync(),
            await db.RoleAssignments.Where(r => r.TenantId == tenant.Id).Select(r => r.Id).FirstAsync(),
            await db.Beacons.Where(b => b.TenantId == tenant.Id).Select(b => b.Id).FirstOrDefaultAsync(),
            await db.Reservations.Where(r => r.TenantId == tenant.Id && r.Status == Jooxter.Admin.Features.Reservations.ReservationStatus.AwaitingApproval).Select(r => r.Id).FirstAsync());
    }

    /// <summary>The heads of the demo customer's, the other customer's and the platform's audit chains.</summary>
    private async Task<string> ChainsAsync()
    {
        await using var db = factory.OpenSystemDb();
        var heads = await db.AuditChainHeads.IgnoreQueryFilters().AsNoTracking()
            .Join(db.Tenants.Where(t => t.Slug == DemoPersonas.DemoTenant || t.Slug == DemoPersonas.OtherTenant), h => h.TenantId, t => t.Id, (h, t) => t.Slug + ":" + h.Sequence)
            .ToListAsync();
        var platform = await db.AuditChainHeads.IgnoreQueryFilters().AsNoTracking().Where(h => h.TenantId == Guid.Empty).Select(h => h.Sequence).SingleOrDefaultAsync();
        return string.Join(" ", heads.Order()) + " platform:" + platform;
    }

    private static object? Argument(ParameterInfo parameter, MethodInfo method, Targets t)
    {
        var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        var name = parameter.Name!.ToLowerInvariant();
        if (type == typeof(CancellationToken))
        {
            return CancellationToken.None;
        }

        if (type == typeof(Guid))
        {
            return name switch
            {
                _ when name.Contains("floor", StringComparison.Ordinal) => t.Floor,
                _ when name.Contains("building", StringComparison.Ordinal) => t.Building,
                _ when name.Contains("zone", StringComparison.Ordinal) => t.Zone,
                _ when name.Contains("space", StringComparison.Ordinal) => t.Space,
                _ when name.Contains("group", StringComparison.Ordinal) || name == "scopeid" => t.Group,
                _ when name.Contains("assignment", StringComparison.Ordinal) => t.Assignment,
                _ when name.Contains("tenant", StringComparison.Ordinal) => t.Tenant,
                _ when method.DeclaringType!.Name is "ReservationService" or "ArbitrationService" => t.Reservation,
                _ when method.DeclaringType!.Name == "PeopleListService" => t.Department,
                _ when method.DeclaringType!.Name == "PlanService" => t.Space,
                _ => t.Employee,
            };
        }

        if (type == typeof(string))
        {
            return name.Contains("email", StringComparison.Ordinal) ? DemoPersonas.HrAdmin.Email : "Walked";
        }

        if (type == typeof(byte[]))
        {
            return Images.Png(20, 20);
        }

        if (type == typeof(int))
        {
            return 1;
        }

        if (type == typeof(bool))
        {
            return true;
        }

        if (type.IsEnum)
        {
            // The last value: for status changes and decisions, the one that changes something.
            return Enum.GetValues(type).GetValue(Enum.GetValues(type).Length - 1);
        }

        if (type == typeof(Jooxter.Admin.Features.People.Import.ImportFile))
        {
            return new Jooxter.Admin.Features.People.Import.ImportFile(Workbooks.Employees(2, "walk.test"), "walk.xlsx");
        }

        if (type == typeof(Jooxter.Admin.Features.People.Import.ImportOptions))
        {
            return new Jooxter.Admin.Features.People.Import.ImportOptions(DeactivateMissing: true, CreateMissingLists: true, SkipRowsWithErrors: true);
        }

        if (type == typeof(Jooxter.Admin.Features.Places.PlaceTarget))
        {
            return new Jooxter.Admin.Features.Places.PlaceTarget(Jooxter.Admin.Features.Places.PlaceKind.Floor, t.Floor);
        }

        if (type == typeof(Jooxter.Admin.Features.Places.Plans.PlanPoint))
        {
            return new Jooxter.Admin.Features.Places.Plans.PlanPoint(0.5, 0.5);
        }

        if (type == typeof(IReadOnlyList<Jooxter.Admin.Features.Places.Plans.PlanPoint>))
        {
            return new[] { new Jooxter.Admin.Features.Places.Plans.PlanPoint(0.1, 0.1), new Jooxter.Admin.Features.Places.Plans.PlanPoint(0.9, 0.1), new Jooxter.Admin.Features.Places.Plans.PlanPoint(0.5, 0.9) };
        }

        if (type == typeof(Jooxter.Admin.Features.Tenants.NewTenant))
        {
            return new Jooxter.Admin.Features.Tenants.NewTenant("Walked", $"walk-{Guid.NewGuid():N}"[..20], new DateOnly(2026, 1, 1), null, "FR", "fr");
        }

        if (type == typeof(Jooxter.Admin.Features.Tenants.TenantSignIn))
        {
            return new Jooxter.Admin.Features.Tenants.TenantSignIn("https://walk.idp.test", null, true);
        }

        if (type == typeof(Jooxter.Admin.Features.Privacy.ActivityRow))
        {
            return new Jooxter.Admin.Features.Privacy.ActivityRow(t.Employee, "Walked", "Walked", "Walked", "Walked", "", "", Guid.Empty);
        }

        if (type == typeof(Jooxter.Admin.Features.Privacy.SubProcessorRow))
        {
            return new Jooxter.Admin.Features.Privacy.SubProcessorRow(t.Employee, "Walked", "Walked", "Walked", "", Guid.Empty);
        }

        if (type == typeof(IReadOnlyList<Guid>))
        {
            return new[] { method.DeclaringType!.Name is "ReservationService" or "ArbitrationService" ? t.Reservation : t.Employee };
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IProgress<>))
        {
            return null;
        }

        if (type == typeof(IReadOnlyDictionary<Guid, Guid>))
        {
            // The versions a caller saw (bulk cancel): the demo booking's current one, so only the caller's rights decide.
            return null;
        }

        // Forms: a parameterless object whose id points at the demo record of its kind.
        var form = Activator.CreateInstance(type)!;
        foreach (var property in type.GetProperties().Where(p => p.CanWrite))
        {
            var value = property.Name switch
            {
                "Id" => (object?)(type.Name switch { "BuildingForm" => t.Building, "SpaceForm" => t.Space, "BeaconForm" => t.Beacon, "ChangeForm" => t.Reservation, _ => t.Employee }),
                "SpaceId" => t.Space,
                "TargetId" => t.Floor,
                "FloorId" => t.Floor,
                "BuildingId" => t.Building,
                "TenantId" => null,
                _ => null,
            };
            if (value is not null && (Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType) == typeof(Guid))
            {
                property.SetValue(form, value);
            }
            else if (property.PropertyType == typeof(string) && property.GetValue(form) is null or "")
            {
                property.SetValue(form, property.Name.Contains("Email", StringComparison.Ordinal) ? "walked@demo.jooxter.test" : "Walked");
            }
        }

        return form;
    }
}
