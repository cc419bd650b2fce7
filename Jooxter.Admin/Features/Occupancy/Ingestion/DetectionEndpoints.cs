using System.Text.Json;
using System.Threading.RateLimiting;
using Jooxter.Admin.Features.Occupancy.Live;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Jooxter.Admin.Features.Occupancy.Ingestion;

/// <summary><c>POST /api/v1/detections</c>: gateways and the mobile app post sightings with their customer's ingestion key.</summary>
public static class DetectionEndpoints
{
    public const string Path = "/api/v1/detections";
    public const string RateLimitPolicy = "ingestion";

    /// <summary>A batch larger than this is refused before it is read.</summary>
    public const long MaxBodyBytes = 2 * 1024 * 1024;

    public static void AddIngestionRateLimit(this IServiceCollection services, int requestsPerMinute) =>
        services.AddRateLimiter(options => options.AddPolicy(RateLimitPolicy, context =>
            RateLimitPartition.GetFixedWindowLimiter(
                // A known key has its own quota; anything else shares one per client address, so that made-up keys
                // cannot each get a fresh quota.
                AccessKey.TryParse(AccessKeyAuthenticator.PresentedKey(context.Request), out var keyId, out _) && context.RequestServices.GetRequiredService<AccessKeyAuthenticator>().IsKnown(keyId)
                    ? $"key:{keyId}"
                    : $"address:{context.Connection.RemoteIpAddress}",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = requestsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })));

    public static IEndpointRouteBuilder MapDetectionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, PostAsync)
            .AllowAnonymous()
            .DisableAntiforgery()
            .RequireRateLimiting(RateLimitPolicy)
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes))
            .WithName("PostDetections")
            .WithTags("Detections")
            .WithSummary("Posts a batch of beacon sightings")
            .WithDescription("Authenticated by a customer's ingestion key (header `Authorization: Bearer <key>` or `X-Api-Key`). Each sighting is kept (the person consented to indoor location), dropped without a trace (no consent), taken as a beacon report (no person), or refused with a reason: Malformed, FutureDated, TooOld (older than 30 minutes), UnknownBeacon, BeaconNotPlaced, UnknownPerson. The rest of the batch is accepted.")
            .Accepts<DetectionBatch>("application/json")
            .Produces<IngestionResult>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return app;
    }

    private static async Task<IResult> PostAsync(HttpRequest request, AccessKeyAuthenticator keys, DetectionIngestor ingestor, OccupancyPublisher publisher, IOptions<OccupancyOptions> options, CancellationToken ct)
    {
        if (await keys.AuthenticateAsync(AccessKeyAuthenticator.PresentedKey(request), AccessKeyPurpose.Ingestion, ct) is not { } tenantId)
        {
            return Results.Problem(title: "An ingestion key of this customer is required.", detail: "Send it as 'Authorization: Bearer <key>' or 'X-Api-Key'.", statusCode: StatusCodes.Status401Unauthorized);
        }

        DetectionBatch? batch;
        try
        {
            batch = await JsonSerializer.DeserializeAsync<DetectionBatch>(request.Body, JsonSerializerOptions.Web, ct);
        }
        catch (JsonException error)
        {
            return Results.Problem(title: "The body is not a batch of sightings.", detail: $"Invalid JSON at {error.Path} (line {error.LineNumber + 1}).", statusCode: StatusCodes.Status400BadRequest);
        }
        catch (BadHttpRequestException error) when (error.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Results.Problem(title: "The batch is too large.", detail: $"At most {MaxBodyBytes:N0} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        if (batch?.Sightings is not { } sightings)
        {
            return Results.Problem(title: "The body is not a batch of sightings.", detail: "Expected {\"sightings\": [...]}.", statusCode: StatusCodes.Status400BadRequest);
        }

        if (sightings.Count > options.Value.MaxSightingsPerBatch)
        {
            return Results.Problem(title: "Too many sightings in one batch.", detail: $"At most {options.Value.MaxSightingsPerBatch:N0}; this one has {sightings.Count:N0}.", statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        var result = await ingestor.IngestAsync(tenantId, sightings, ct);
        publisher.Request(tenantId, result.ChangedFloors);

        return Results.Ok(result);
    }
}
