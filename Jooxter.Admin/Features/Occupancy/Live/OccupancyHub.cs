using Jooxter.Admin.Data;
using Jooxter.Admin.Features.Places;
using Jooxter.Admin.Infrastructure.Security;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Jooxter.Admin.Features.Occupancy.Live;

/// <summary>
/// <c>/hubs/occupancy</c>: lobby screens and other clients subscribe to floors and receive each new picture as
/// "floor" messages (counts only, never who). A caller is a signed-in console user allowed to view occupancy, whose
/// scope covers the floor, or a lobby screen holding a display key of the floor's customer (query <c>key</c> or header
/// <c>X-Display-Key</c>). Anyone else is disconnected.
/// </summary>
public sealed class OccupancyHub(DatabaseOptions databaseOptions, TimeProvider clock, AccessKeyAuthenticator keys, IOptions<OccupancyOptions> options) : Hub
{
    public const string Path = "/hubs/occupancy";
    public const string FloorMessage = "floor";

    public static string FloorGroup(Guid tenantId, Guid floorId) => $"t:{tenantId:N}:f:{floorId:N}";

    public override async Task OnConnectedAsync()
    {
        if (await CallerAsync() is null)
        {
            Context.Abort();
            return;
        }

        await base.OnConnectedAsync();
    }

    /// <summary>Subscribes to one floor and returns its picture now; a floor the caller may not see is "not found".</summary>
    public async Task<FloorSnapshot> SubscribeFloor(Guid floorId)
    {
        var caller = await CallerAsync() ?? throw new HubException("Unauthorized");
        await using var db = AdminDatabase.Create(databaseOptions, DataScope.ForTenant(caller.TenantId, null, "live"), clock);
        if (caller.User is { } user)
        {
            var scope = await PlaceScope.ForAsync(db, user);
            if (!await LiveOccupancyService.LiveFloors(db, scope).AnyAsync(f => f.Id == floorId && !f.IsArchived))
            {
                throw new HubException("NotFound");
            }
        }

        var snapshot = await LiveOccupancyReader.SnapshotAsync(db, floorId, clock.GetUtcNow().UtcDateTime, options.Value.PresenceSilence)
            ?? throw new HubException("NotFound");
        await Groups.AddToGroupAsync(Context.ConnectionId, FloorGroup(caller.TenantId, floorId));
        return snapshot;
    }

    public Task UnsubscribeFloor(Guid floorId) =>
        Context.Items.TryGetValue("tenant", out var tenant) && tenant is Guid t
            ? Groups.RemoveFromGroupAsync(Context.ConnectionId, FloorGroup(t, floorId))
            : Task.CompletedTask;

    private async Task<(Guid TenantId, UserContext? User)?> CallerAsync()
    {
        var user = UserContext.FromPrincipal(Context.User);
        if (user.IsAuthenticated)
        {
            if (!user.Can(Capability.ViewOccupancy))
            {
                return null;
            }

            Context.Items["tenant"] = user.TenantId!.Value;
            return (user.TenantId!.Value, user);
        }

        var http = Context.GetHttpContext();
        var presented = http?.Request.Query["key"].FirstOrDefault() ?? http?.Request.Headers["X-Display-Key"].FirstOrDefault();
        if (await keys.AuthenticateAsync(presented, AccessKeyPurpose.Display) is not { } tenantId)
        {
            return null;
        }

        Context.Items["tenant"] = tenantId;
        return (tenantId, null);
    }
}

/// <summary>Forwards the pictures this instance computed to the hub's groups; with the Redis backplane they reach every instance's clients once.</summary>
public sealed class OccupancyHubForwarder(OccupancyStream stream, IHubContext<OccupancyHub> hub) : IHostedService
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = stream.Subscribe(snapshot => snapshot.Origin == stream.InstanceId
            ? hub.Clients.Group(OccupancyHub.FloorGroup(snapshot.TenantId, snapshot.FloorId)).SendAsync(OccupancyHub.FloorMessage, snapshot)
            : Task.CompletedTask);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }
}
