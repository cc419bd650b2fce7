using Jooxter.Admin.Infrastructure.Security;

namespace Jooxter.Admin.Features.Places.Plans;

public static class PlanEndpoints
{
    public static void MapPlanEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/places/floors/{id:guid}/plan", async (Guid id, PlanService plans, HttpContext context) =>
        {
            var plan = await plans.GetAsync(id, context.RequestAborted);
            if (plan is null)
            {
                return Results.NotFound();
            }

            // Even sanitized, an SVG is served as an inert image: no scripts, no fetches, never sniffed as HTML.
            context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
            context.Response.Headers.XContentTypeOptions = "nosniff";
            context.Response.Headers.CacheControl = "private, no-cache";
            return Results.File(plan.Content, plan.ContentType);
        }).RequireAuthorization(Policies.ViewPlaces);
    }
}
