using Jooxter.Admin.Features.People;
using Jooxter.Admin.Infrastructure.Demo;
using Jooxter.Admin.Infrastructure.Security;
using Jooxter.Admin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Jooxter.Admin.Tests.Features.People;

[Collection(ConsoleCollection.Name)]
public sealed class PeopleServicesTests(AdminAppFactory factory)
{
    private static EmployeeForm NewForm(string email) => new() { FirstName = "Ines", LastName = "Test", Email = email, Language = "fr", Phone = "+33 6 12 34 56 78" };

    [Fact]
    public async Task Creating_an_employee_normalises_the_phone_and_refuses_a_duplicate_email_in_any_case()
    {
        await using var scope = ServiceCaller.As(factory, await ServiceCaller.SignInAsync(factory, DemoPersonas.HrAdmin.Email));
        var employees = scope.ServiceProvider.GetRequiredService<EmployeeService>();
        var email = $"ines.{Guid.NewGuid():N}@demo.jooxter.test";

        var created = await employees.SaveAsync(NewForm(email));
        created.Result.Succeeded.ShouldBeTrue();
        (await employees.GetAsync(created.Id!.Value))!.Phone.ShouldBe("+33612345678");

        var duplicate = await employees.SaveAsync(NewForm(email.ToUpperInvariant()));
        duplicate.Result.Errors.ShouldBe([new Jooxter.Admin.Features.Shared.OperationError("Email", "People.EmailTaken")]);
    }

    [Fact]
    public async Task Hr_cannot_redirect_a_role_holders_sign_in_nor_lock_out_the_last_administrator()
    {
        Guid auditorId;
        await using (var db = factory.OpenSystemDb())
        {
            auditorId = (await db.Employees.SingleAsync(e => e.NormalizedEmail == Employee.NormalizeEmail(DemoPersonas.Auditor.Email))).Id;
        }

        await using (var hr = ServiceCaller.As(factory, await ServiceCaller.SignInAsync(factory, DemoPersonas.HrAdmin.Email)))
        {
            var employees = hr.ServiceProvider.GetRequiredService<EmployeeService>();
            var auditor = (await employees.GetAsync(auditorId))!;
            auditor.Email = "attacker@demo.jooxter.test";
            (await employees.SaveAsync(auditor)).Result.Errors.Single().MessageKey.ShouldBe("People.RoleHolderProtected");
            (await employees.SetStatusAsync(auditorId, EmployeeStatus.Deactivated)).Errors.Single().MessageKey.ShouldBe("People.RoleHolderProtected");
        }

        await using var admin = ServiceCaller.As(factory, await ServiceCaller.SignInAsync(factory, DemoPersonas.TenantAdmin.Email));
        var adminId = (await admin.ServiceProvider.GetRequiredService<EmployeeDirectoryService>().SearchAsync(new EmployeeQuery("alice martin"))).Items.Single().Id;
        var roles = await admin.ServiceProvider.GetRequiredService<RoleAssignmentService>().ListAsync(adminId);
        (await admin.ServiceProvider.GetRequiredService<RoleAssignmentService>().RevokeAsync(roles.Single(r => r.Role == Role.TenantAdministrator).Id)).Errors.Single().MessageKey.ShouldBe("Roles.LastAdministrator");
    }

    [Fact]
    public async Task Invalid_fields_are_reported_beside_each_field()
    {
        await using var scope = ServiceCaller.As(factory, await ServiceCaller.SignInAsync(factory, DemoPersonas.HrAdmin.Email));
        var result = await scope.ServiceProvider.GetRequiredService<EmployeeService>().SaveAsync(new EmployeeForm { FirstName = "", LastName = "X", Email = "nope@", Language = "de", Phone = "123" });

        result.Result.Errors.Select(e => (e.Field, e.MessageKey)).ShouldBe(
        [
            ("FirstName", "Validation.Required"),
            ("Email", "People.InvalidEmail"),
            ("Language", "People.InvalidLanguage"),
            ("Phone", "People.InvalidPhone"),
        ]);
    }

    [Fact]
    public async Task A_concurrent_edit_is_refused_with_a_clear_message()
    {
        await using var scope = ServiceCaller.As(factory, await ServiceCaller.SignInAsync(factory, DemoPersonas.HrAdmin.Email));
        var employees = scope.ServiceProvider.GetRequiredService<EmployeeService>();
        var id = (await employees.SaveAsync(NewForm($"race.{Guid.NewGuid():N}@demo.jooxter.test"))).Id!.Value;
        var mine = (await employees.GetAsync(id))!;
        var theirs = (await employees.GetAsync(id))!;

        theirs.LastName = "Theirs";
        (await employees.SaveAsync(theirs)).Result.Succeeded.ShouldBeTrue();
        mine.LastName = "Mine";

        (await employees.SaveAsync(mine)).Result.Errors.Single().MessageKey.ShouldBe("Common.Conflict");
        (await employees.GetAsync(id))!.LastName.ShouldBe("Theirs");
    }

    [Fact]
    public async Task Another_customer_cannot_read_or_change_an_employee_or_their_photo()
    {
        Guid id;
        await using (var demo = ServiceCaller.As(factory, await ServiceCaller.SignInAsync(factory, DemoPersonas.HrAdmin.Email)))
        {
            var employees = demo.ServiceProvider.GetRequiredService<EmployeeService>();
            id = (await employees.SaveAsync(NewForm($"private.{Guid.NewGuid():N}@demo.jooxter.test"))).Id!.Value;
            (await employees.SetPhotoAsync(id, Images.Png(600, 400))).ShouldBeNull();
            (await employees.GetPhotoAsync(id)).ShouldNotBeNull();
        }

        await using var acme = ServiceCaller.As(factory, await ServiceCaller.SignInAsync(factory, DemoPersonas.OtherCustomerAdmin.Email));
        var theirs = acme.ServiceProvider.GetRequiredService<EmployeeService>();
        (await theirs.GetAsync(id)).ShouldBeNull();
        (await theirs.GetPhotoAsync(id)).ShouldBeNull();
        var form = NewForm("hijack@acme.test");
        form.Id = id;
        (await theirs.SaveAsync(form)).Result.Errors.Single().MessageKey.ShouldBe("People.NotFound");
        (await theirs.SetStatusAsync(id, EmployeeStatus.Deactivated)).Errors.Single().MessageKey.ShouldBe("People.NotFound");
    }

    [Fact]
    public async Task Hr_cannot_reactivate_a_console_role_holder_nor_delete_a_group_that_scopes_a_role()
    {
        // One caller at a time: the scope carries its caller in the (async-local) HTTP context.
        var adminPrincipal = await ServiceCaller.SignInAsync(factory, DemoPersonas.TenantAdmin.Email);
        var hrPrincipal = await ServiceCaller.SignInAsync(factory, DemoPersonas.HrAdmin.Email);
        var name = $"Scoped group {Guid.NewGuid():N}";
        Guid id, groupId;
        await using (var hr = ServiceCaller.As(factory, hrPrincipal))
        {
            (await hr.ServiceProvider.GetRequiredService<PeopleListService>().SaveAsync(PeopleListKind.UserGroups, null, name)).Succeeded.ShouldBeTrue();
            groupId = (await hr.ServiceProvider.GetRequiredService<PeopleListService>().ListAsync(PeopleListKind.UserGroups)).Single(g => g.Name == name).Id;
        }

        await using (var admin = ServiceCaller.As(factory, adminPrincipal))
        {
            var employees = admin.ServiceProvider.GetRequiredService<EmployeeService>();
            var roles = admin.ServiceProvider.GetRequiredService<RoleAssignmentService>();
            id = (await employees.SaveAsync(NewForm($"former.auditor.{Guid.NewGuid():N}@demo.jooxter.test"))).Id!.Value;
            (await roles.AssignAsync(id, Role.Auditor, ScopeKind.Tenant, null)).Succeeded.ShouldBeTrue();
            (await roles.AssignAsync(id, Role.SpaceManager, ScopeKind.UserGroup, groupId)).Succeeded.ShouldBeTrue();
            (await employees.SetStatusAsync(id, EmployeeStatus.Deactivated)).Succeeded.ShouldBeTrue();
        }

        await using (var hr = ServiceCaller.As(factory, hrPrincipal))
        {
            (await hr.ServiceProvider.GetRequiredService<EmployeeService>().SetStatusAsync(id, EmployeeStatus.Active)).Errors.Single().MessageKey.ShouldBe("People.RoleHolderProtected");
            (await hr.ServiceProvider.GetRequiredService<EmployeeService>().GetAsync(id))!.Status.ShouldBe(EmployeeStatus.Deactivated);

            // The group scoping the space manager's role is kept, and the refusal names who depends on it.
            var lists = hr.ServiceProvider.GetRequiredService<PeopleListService>();
            var refused = await lists.DeleteAsync(PeopleListKind.UserGroups, groupId);
            refused.Errors.Single().MessageKey.ShouldBe("Lists.GroupScopesRoles");
            refused.Errors.Single().Detail.ShouldBe("Ines Test (SpaceManager)");
            (await lists.ListAsync(PeopleListKind.UserGroups)).ShouldContain(g => g.Id == groupId);
        }

        await using (var admin = ServiceCaller.As(factory, adminPrincipal))
        {
            (await admin.ServiceProvider.GetRequiredService<EmployeeService>().SetStatusAsync(id, EmployeeStatus.Active)).Succeeded.ShouldBeTrue();
        }
    }

    [Fact]
    public async Task Roles_are_given_by_administrators_only_and_space_managers_need_a_scope()
    {
        Guid id;
        await using (var hr = ServiceCaller.As(factory, await ServiceCaller.SignInAsync(factory, DemoPersonas.HrAdmin.Email)))
        {
            id = (await hr.ServiceProvider.GetRequiredService<EmployeeService>().SaveAsync(NewForm($"future.sm.{Guid.NewGuid():N}@demo.jooxter.test"))).Id!.Value;
            await Should.ThrowAsync<AccessDeniedException>(() => hr.ServiceProvider.GetRequiredService<RoleAssignmentService>().AssignAsync(id, Role.Auditor, ScopeKind.Tenant, null));
        }

        await using var admin = ServiceCaller.As(factory, await ServiceCaller.SignInAsync(factory, DemoPersonas.TenantAdmin.Email));
        var roles = admin.ServiceProvider.GetRequiredService<RoleAssignmentService>();
        (await roles.AssignAsync(id, Role.SpaceManager, ScopeKind.Tenant, null)).Errors.Single().MessageKey.ShouldBe("Roles.ScopeRequired");
        (await roles.AssignAsync(id, Role.PlatformOperator, ScopeKind.Tenant, null)).Errors.Single().MessageKey.ShouldBe("Roles.NotAssignable");
        var floor = (await roles.ScopeOptionsAsync()).First(s => s.Kind == ScopeKind.Floor);
        (await roles.AssignAsync(id, Role.SpaceManager, ScopeKind.Floor, floor.Id)).Succeeded.ShouldBeTrue();
        (await roles.AssignAsync(id, Role.SpaceManager, ScopeKind.Floor, Guid.NewGuid())).Errors.Single().MessageKey.ShouldBe("People.UnknownReference");

        (await roles.ListAsync(id)).Single().ShouldBe(new RoleRow((await roles.ListAsync(id)).Single().Id, Role.SpaceManager, ScopeKind.Floor, floor.Id, floor.Name));
        await using var db = factory.OpenSystemDb();
        (await db.AuditEntries.AnyAsync(a => a.EntityType == nameof(RoleAssignment) && a.Changes.Contains(floor.Id.ToString()))).ShouldBeTrue();

        // The new space manager signs in with exactly that scope.
        var email = (await db.Employees.SingleAsync(e => e.Id == id)).Email;
        var principal = (await ServiceCaller.ResolveAsync(factory, email)).Principal!;
        UserContext.FromPrincipal(principal).Scopes.ShouldBe([new AccessScope(ScopeKind.Floor, floor.Id)]);
    }

    [Fact]
    public async Task Lists_refuse_duplicate_names_whatever_the_accents_and_deleting_keeps_employees()
    {
        await using var scope = ServiceCaller.As(factory, await ServiceCaller.SignInAsync(factory, DemoPersonas.HrAdmin.Email));
        var lists = scope.ServiceProvider.GetRequiredService<PeopleListService>();
        var employees = scope.ServiceProvider.GetRequiredService<EmployeeService>();
        var name = $"Équipe {Guid.NewGuid():N}"[..14];

        (await lists.SaveAsync(PeopleListKind.Departments, null, name)).Succeeded.ShouldBeTrue();
        (await lists.SaveAsync(PeopleListKind.Departments, null, Jooxter.Admin.Features.Shared.Names.Fold(name).ToUpperInvariant())).Errors.Single().MessageKey.ShouldBe("Lists.NameTaken");

        var department = (await lists.ListAsync(PeopleListKind.Departments)).Single(d => d.Name == name);
        var form = NewForm($"dept.{Guid.NewGuid():N}@demo.jooxter.test");
        form.DepartmentId = department.Id;
        var id = (await employees.SaveAsync(form)).Id!.Value;

        await lists.DeleteAsync(PeopleListKind.Departments, department.Id);

        var after = (await employees.GetAsync(id))!;
        after.DepartmentId.ShouldBeNull();
        after.Email.ShouldBe(form.Email);
    }

    [Fact]
    public async Task Group_membership_can_be_edited_from_the_group()
    {
        await using var scope = ServiceCaller.As(factory, await ServiceCaller.SignInAsync(factory, DemoPersonas.HrAdmin.Email));
        var lists = scope.ServiceProvider.GetRequiredService<PeopleListService>();
        var employees = scope.ServiceProvider.GetRequiredService<EmployeeService>();
        var email = $"member.{Guid.NewGuid():N}@demo.jooxter.test";
        var id = (await employees.SaveAsync(NewForm(email))).Id!.Value;
        var group = (await lists.ListAsync(PeopleListKind.UserGroups)).First();

        (await lists.AddMemberAsync(group.Id, email.ToUpperInvariant())).Succeeded.ShouldBeTrue();
        (await employees.GetAsync(id))!.GroupIds.ShouldBe([group.Id]);

        await lists.RemoveMemberAsync(group.Id, id);
        (await employees.GetAsync(id))!.GroupIds.ShouldBeEmpty();
        (await lists.AddMemberAsync(group.Id, DemoPersonas.OtherCustomerAdmin.Email)).Errors.Single().MessageKey.ShouldBe("People.NotFound");
    }

    [Fact]
    public async Task The_directory_filters_and_searches_without_accents()
    {
        await using var scope = ServiceCaller.As(factory, await ServiceCaller.SignInAsync(factory, DemoPersonas.HrAdmin.Email));
        var directory = scope.ServiceProvider.GetRequiredService<EmployeeDirectoryService>();

        var helene = await directory.SearchAsync(new EmployeeQuery("HELENE dubois"));
        helene.Items.ShouldContain(r => r.FirstName == "Hélène");

        var deactivated = await directory.SearchAsync(new EmployeeQuery(Status: EmployeeStatus.Deactivated, PageSize: 200));
        deactivated.Items.ShouldAllBe(r => r.Status == EmployeeStatus.Deactivated);
        deactivated.Total.ShouldBeGreaterThan(0);

        var byEmailDesc = await directory.SearchAsync(new EmployeeQuery(Sort: EmployeeSort.Email, Descending: true, PageSize: 10));
        byEmailDesc.Items.Select(r => r.Email.ToUpperInvariant()).ShouldBe(byEmailDesc.Items.Select(r => r.Email.ToUpperInvariant()).OrderByDescending(e => e, StringComparer.Ordinal));
    }
}
