using System.Security.Claims;
using Jooxter.Admin.Features.People;
using Jooxter.Admin.Infrastructure.Demo;
using Jooxter.Admin.Infrastructure.Security;
using Jooxter.Admin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Jooxter.Admin.Tests.Integration;

/// <summary>Identity-provider claims mapped to console roles by configuration, on top of the roles stored for the employee.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class RoleMappingTests(AdminAppFactory factory)
{
    [Fact]
    public async Task Mapped_provider_claims_grant_roles_but_never_platform_operation_to_a_customer()
    {
        var settings = factory.Services.GetRequiredService<IOptions<AuthenticationSettings>>().Value;
        settings.RoleMappings.Add(new RoleMapping { ClaimType = "roles", Value = "Jooxter.Auditor", Role = Role.Auditor });
        settings.RoleMappings.Add(new RoleMapping { ClaimType = "groups", Value = "11111111-aaaa", Role = Role.PlatformOperator });
        try
        {
            string email;
            await using (var db = factory.OpenSystemDb())
            {
                var tenant = await db.Tenants.SingleAsync(t => t.Slug == DemoPersonas.DemoTenant);
                var employee = new Employee { TenantId = tenant.Id, FirstName = "No", LastName = "Role", Email = $"norole.{Guid.NewGuid():N}@demo.jooxter.test" };
                db.Employees.Add(employee);
                await db.SaveChangesAsync();
                email = employee.Email;
            }

            await using var scope = factory.Services.CreateAsyncScope();
            var resolver = scope.ServiceProvider.GetRequiredService<SignInResolver>();

            (await ServiceCaller.ResolveAsync(factory, email, "oidc")).Refusal.ShouldBe(SignInRefusal.NoConsoleRole);

            // Entra's inbound mapping turns "roles" into the role claim type: both spellings are honoured.
            var outcome = await ServiceCaller.ResolveAsync(factory, email, "entra", claims: [new Claim(ClaimTypes.Role, "Jooxter.Auditor"), new Claim("groups", "11111111-aaaa")]);
            var user = UserContext.FromPrincipal(outcome.Principal);
            user.Roles.ShouldBe([Role.Auditor]);
        }
        finally
        {
            settings.RoleMappings.Clear();
        }
    }
}
