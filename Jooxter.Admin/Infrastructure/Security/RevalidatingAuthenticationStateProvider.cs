using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;

namespace Jooxter.Admin.Infrastructure.Security;

/// <summary>
/// Checks an open Blazor circuit's user against the employee record at the same interval as the cookie, so that a
/// deactivated employee loses a live session too, not only their next page load.
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
        return await resolver.RevalidateAsync(authenticationState.User, cancellationToken) is ClaimsPrincipal;
    }
}
