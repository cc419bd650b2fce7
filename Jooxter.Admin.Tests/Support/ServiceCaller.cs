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
        var outcome = await ResolveAsync(factory, email);
        outcome.Succeeded.ShouldBeTrue($"{email} should be able to sign in");
        return outcome.Principal!;
    }

    /// <summary>The customer a test e-mail belongs to, as the demo page's persona buttons name it.</summary>
    public static string TenantSlugOf(string email)
    {
        var domain = email.Trim()[(email.Trim().LastIndexOf('@') + 1)..].ToLowerInvariant();
        return domain switch
        {
            "acme.test" => Jooxter.Admin.Infrastructure.Demo.DemoPersonas.OtherTenant,
            "jooxter.test" => Jooxter.Admin.Infrastructure.Demo.DemoPersonas.OperatorTenant,
            _ => Jooxter.Admin.Infrastructure.Demo.DemoPersonas.DemoTenant,
        };
    }

    /// <summary>Resolves a sign-in within the customer the e-mail belongs to, as the demo page or a provider would.</summary>
    public static async Task<SignInOutcome> ResolveAsync(AdminAppFactory factory, string email, string provider = "test", string? objectId = null, IReadOnlyList<Claim>? claims = null, string? tenantSlug = null)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        Guid tenantId;
        await using (var db = factory.OpenSystemDb())
        {
            var slug = tenantSlug ?? TenantSlugOf(email);
            tenantId = db.Tenants.Single(t => t.Slug == slug).Id;
        }

        return await scope.ServiceProvider.GetRequiredService<SignInResolver>().ResolveAsync(new SignInIdentity(provider, TenantId: tenantId, ObjectId: objectId, Email: email, EmailVerified: true, Claims: claims));
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
