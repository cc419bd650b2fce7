using System.Security.Claims;
using Jooxter.Admin.Infrastructure.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Jooxter.Admin.Tests.Support;

/// <summary>Calls the console's real services as a signed-in persona, with the principal the real sign-in builds.</summary>
public static class ServiceCaller
{
    public static async Task<ClaimsPrincipal> SignInAsync(AdminAppFactory factory, string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<SignInResolver>().ResolveAsync("test", null, email, []);
        outcome.Succeeded.ShouldBeTrue($"{email} should be able to sign in");
        return outcome.Principal!;
    }

    /// <summary>
    /// A service scope whose HTTP context carries the principal. Synchronous on purpose: the context accessor is an
    /// async-local, and a value set inside an awaited method would not reach the caller.
    /// </summary>
    public static AsyncServiceScope As(AdminAppFactory factory, ClaimsPrincipal principal)
    {
        var scope = factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>().HttpContext = new DefaultHttpContext { User = principal, RequestServices = scope.ServiceProvider };
        return scope;
    }
}
