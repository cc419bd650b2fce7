using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;

namespace Jooxter.Admin.Infrastructure.Security;

/// <summary>
/// Checks an open Blazor circuit's user against the employee record at the same interval as the cookie: a deactivated
/// employee loses a live session too, not only their next page load, and a role or scope granted or revoked reaches
/// the open tab (its pages and the services they call read the new principal) without a reload.
/// </summary>
public sealed class RevalidatingAuthenticationStateProvider(ILoggerFactory loggerFactory, IServiceScopeFactory scopes, IOptions<AuthenticationSettings> settings)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => settings.Value.RevalidateAfter > TimeSpan.Zero ? settings.Value.RevalidateAfter : TimeSpan.FromSeconds(30);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        if (authenticationState.User.Identity?.IsAuthenticated != true)
        {
            return true;
        }

        await using var scope = scopes.CreateAsyncScope();
        var resolver = scope.ServiceProvider.GetRequiredService<SignInResolver>();
        var refreshed = await resolver.RevalidateAsync(authenticationState.User, cancellationToken);
        if (refreshed is null)
        {
            return false;
        }

        if (Access(refreshed) != Access(authenticationState.User))
        {
            SetAuthenticationState(Task.FromResult(new AuthenticationState(refreshed)));
        }

        return true;
    }

    /// <summary>What decides what the user may do: customer, roles and scopes, in a comparable form.</summary>
    internal static string Access(ClaimsPrincipal user) => string.Join('|', user.Claims
        .Where(c => c.Type is ClaimTypes.Role or JooxterClaims.Scope or JooxterClaims.TenantId or JooxterClaims.EmployeeId)
        .Select(c => $"{c.Type}={c.Value}")
        .Order(StringComparer.Ordinal));
}
