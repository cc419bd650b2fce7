using Microsoft.AspNetCore.Components.Authorization;

namespace Jooxter.Admin.Infrastructure.Security;

/// <summary>
/// The caller of the current operation. Inside a Blazor circuit it reads the circuit's authentication state;
/// in a plain HTTP request (endpoints, prerendering) it reads the request's user.
/// </summary>
public sealed class CurrentUser(IHttpContextAccessor httpContextAccessor, AuthenticationStateProvider? authenticationStateProvider = null)
{
    public async Task<UserContext> GetAsync()
    {
        if (authenticationStateProvider is not null)
        {
            try
            {
                var state = await authenticationStateProvider.GetAuthenticationStateAsync();
                return UserContext.FromPrincipal(state.User);
            }
            catch (InvalidOperationException)
            {
                // Not inside a circuit or component render: fall back to the HTTP request.
            }
        }

        return UserContext.FromPrincipal(httpContextAccessor.HttpContext?.User);
    }

    /// <summary>The caller, refused unless they hold the capability.</summary>
    public async Task<UserContext> DemandAsync(Capability capability)
    {
        var user = await GetAsync();
        user.Demand(capability);
        return user;
    }
}
