using Jooxter.Admin.Infrastructure.Security;

namespace Jooxter.Admin.Features.People;

public static class PeopleEndpoints
{
    public static void MapPeopleEndpoints(this IEndpointRouteBuilder app)
    {
        // Photos are served by the console itself, after the same checks as the directory: never from another customer.
        app.MapGet("/people/employees/{id:guid}/photo", async (Guid id, EmployeeService employees, HttpContext context) =>
        {
            var photo = await employees.GetPhotoAsync(id, context.RequestAborted);
            if (photo is null)
            {
                return Results.NotFound();
            }

            context.Response.Headers.CacheControl = "private, max-age=300";
            return Results.File(photo.Value.Content, photo.Value.ContentType);
        }).RequireAuthorization(Policies.ViewPeople);
    }
}
