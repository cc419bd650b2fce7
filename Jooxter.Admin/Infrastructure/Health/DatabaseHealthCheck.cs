using Jooxter.Admin.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Jooxter.Admin.Infrastructure.Health;

/// <summary>Healthy when the database answers and has no pending migration.</summary>
public sealed class DatabaseHealthCheck(AdminDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = database.OpenSystem("health");
            if (!await db.Database.CanConnectAsync(cancellationToken))
            {
                return HealthCheckResult.Unhealthy("The database does not answer.");
            }

            var pending = await Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.GetPendingMigrationsAsync(db.Database, cancellationToken);
            return pending.Any()
                ? HealthCheckResult.Degraded("The database has pending migrations.")
                : HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The database check failed.", ex);
        }
    }
}
