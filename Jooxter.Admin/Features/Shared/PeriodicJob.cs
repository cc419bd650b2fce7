namespace Jooxter.Admin.Features.Shared;

/// <summary>
/// Runs a piece of work at a fixed interval on the server's clock (a fake clock in tests drives it), each round in
/// its own service scope; a failed round is logged and tried again at the next tick. Every instance runs its own:
/// the work itself must be safe to run on several instances at once (claims, idempotent deletes).
/// </summary>
public abstract class PeriodicJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger logger) : BackgroundService
{
    protected abstract TimeSpan Interval { get; }

    protected TimeProvider Clock => clock;

    protected abstract Task RunOnceAsync(IServiceProvider services, DateTime nowUtc, CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            // The round runs on a pool thread of its own, never inline in the timer's callback: a callback is no place
            // for database work, and a clock that steps through many periods at once (a fake clock in tests, moved by
            // days) would otherwise run one whole round per period before moving on. Ticks that arrive meanwhile
            // coalesce into one.
            await Task.Yield();
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await RunOnceAsync(scope.ServiceProvider, clock.GetUtcNow().UtcDateTime, stoppingToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                logger.LogError(error, "{Job} failed; it is tried again at the next interval", GetType().Name);
            }
        }
    }
}
