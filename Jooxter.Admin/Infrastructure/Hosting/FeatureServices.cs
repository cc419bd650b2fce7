using Jooxter.Admin.Features.Account;
using Jooxter.Admin.Features.Home;
using Jooxter.Admin.Features.People;
using Jooxter.Admin.Features.People.Import;
using Jooxter.Admin.Features.Places;
using Jooxter.Admin.Features.Privacy;
using Jooxter.Admin.Features.Tenants;

namespace Jooxter.Admin.Infrastructure.Hosting;

/// <summary>Each feature's services, registered in one place so Program.cs stays short.</summary>
internal static class FeatureServices
{
    public static IServiceCollection AddFeatureServices(this IServiceCollection services)
    {
        services.AddScoped<DashboardService>();
        services.AddScoped<AuditTrailService>();
        services.AddScoped<Features.Privacy.RightsRequestService>();
        services.AddScoped<Features.Privacy.SubjectRightsService>();
        services.AddScoped<Features.Privacy.RetentionService>();
        services.AddScoped<Features.Privacy.ProcessingRecordsService>();
        services.AddScoped<Features.Privacy.PrivacyHousekeeping>();
        services.AddScoped<TenantService>();
        services.AddScoped<BuildingDirectoryService>();
        services.AddScoped<PlacesService>();
        services.AddScoped<Features.Places.Import.SpaceImportService>();
        services.AddScoped<Features.Places.Plans.PlanService>();
        services.AddScoped<Features.Places.Beacons.BeaconService>();
        services.AddScoped<Features.Places.Booking.BookingPolicyService>();
        services.AddScoped<EmployeeDirectoryService>();
        services.AddScoped<EmployeeService>();
        services.AddScoped<PeopleListService>();
        services.AddScoped<RoleAssignmentService>();
        services.AddScoped<DemoPersonaDirectory>();
        services.AddSingleton<EmployeeImporter>();
        services.AddScoped<EmployeeImportService>();
        services.AddScoped<Features.Reservations.ReservationService>();
        services.AddScoped<Features.Reservations.ArbitrationService>();
        services.AddScoped<Features.Reservations.ReservationSweeper>();
        services.AddHostedService<Features.Reservations.ReservationSweepJob>();
        services.AddSingleton<Features.Reservations.Notices.NoticeComposer>();
        services.AddScoped<Features.Reservations.Notices.NoticeSender>();
        services.AddHostedService<Features.Reservations.Notices.NoticeSendJob>();
        services.AddScoped<Features.Reservations.Notices.OutboxService>();
        return services;
    }
}
