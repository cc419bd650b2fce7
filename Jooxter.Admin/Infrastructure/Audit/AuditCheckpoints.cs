using System.Globalization;
using System.Text;
using System.Text.Json;
using Jooxter.Admin.Data;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Infrastructure.Audit;

/// <summary>A chain head seen at a point in time, signed with the audit key.</summary>
public sealed record AuditCheckpoint(Guid TenantId, long Sequence, string Hash, DateTimeOffset At, string Signature);

/// <summary>
/// Checkpoints of every chain's head, kept outside the database: one signed line per checkpoint in a file per customer
/// (<c>Audit:CheckpointFolder</c>, by default the data folder's <c>audit-checkpoints</c>; point it at storage the
/// database administrators cannot write), and the same values in the log. "Verify the chain" checks the newest valid
/// checkpoint: entries deleted from the end, or a chain rebuilt below a checkpoint, no longer match it.
/// </summary>
public sealed partial class AuditCheckpointStore(string folder, AuditKey key, ILogger<AuditCheckpointStore> logger)
{
    public const string FolderSetting = "Audit:CheckpointFolder";

    public string Folder { get; } = folder;

    /// <summary>Writes a checkpoint of a chain head, unless the newest one already names it (then returns that one, not written).</summary>
    public async Task<(AuditCheckpoint Checkpoint, bool Written)> WriteAsync(Guid tenantId, long sequence, string hash, DateTimeOffset at, CancellationToken ct = default)
    {
        var latest = Latest(tenantId);
        if (latest is not null && latest.Sequence == sequence && latest.Hash == hash)
        {
            return (latest, false);
        }

        var checkpoint = new AuditCheckpoint(tenantId, sequence, hash, at, Sign(tenantId, sequence, hash, at));
        Directory.CreateDirectory(Folder);
        await File.AppendAllTextAsync(PathOf(tenantId), JsonSerializer.Serialize(checkpoint) + "\n", ct);
        LogCheckpoint(logger, tenantId, sequence, hash, checkpoint.Signature);
        return (checkpoint, true);
    }

    /// <summary>The newest checkpoint whose signature holds; forged or damaged lines are skipped.</summary>
    public AuditCheckpoint? Latest(Guid tenantId)
    {
        var path = PathOf(tenantId);
        if (!File.Exists(path))
        {
            return null;
        }

        AuditCheckpoint? latest = null;
        foreach (var line in File.ReadLines(path))
        {
            try
            {
                var checkpoint = JsonSerializer.Deserialize<AuditCheckpoint>(line);
                if (checkpoint is not null && checkpoint.TenantId == tenantId && checkpoint.Signature == Sign(checkpoint.TenantId, checkpoint.Sequence, checkpoint.Hash, checkpoint.At)
                    && (latest is null || checkpoint.Sequence >= latest.Sequence))
                {
                    latest = checkpoint;
                }
            }
            catch (JsonException)
            {
            }
        }

        return latest;
    }

    /// <summary>Writes a checkpoint of every chain whose head moved since its last one; returns how many were written.</summary>
    public async Task<int> CheckpointAllAsync(AdminDbContext db, DateTimeOffset at, CancellationToken ct = default)
    {
        var heads = await db.AuditChainHeads.IgnoreQueryFilters().AsNoTracking().ToListAsync(ct);
        var written = 0;
        foreach (var head in heads)
        {
            if ((await WriteAsync(head.TenantId, head.Sequence, head.Hash, at, ct)).Written)
            {
                written++;
            }
        }

        return written;
    }

    private string PathOf(Guid tenantId) => Path.Combine(Folder, $"{tenantId:N}.jsonl");

    private string Sign(Guid tenantId, long sequence, string hash, DateTimeOffset at) =>
        Convert.ToHexStringLower(key.Sign(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{tenantId:N}|{sequence}|{hash}|{at.ToUnixTimeMilliseconds()}"))));

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit checkpoint {TenantId} at {Sequence}: {Hash} signed {Signature}")]
    private static partial void LogCheckpoint(ILogger logger, Guid tenantId, long sequence, string hash, string signature);
}

/// <summary>Checkpoints the chains every hour (each instance does; a repeated checkpoint of an unchanged head is not written).</summary>
public sealed class AuditCheckpointJob(IServiceScopeFactory scopes, AuditCheckpointStore store, TimeProvider clock, ILogger<AuditCheckpointJob> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            // Off the timer's callback, as PeriodicJob does: a clock stepping through many hours at once must not run
            // one checkpoint per hour inline.
            await Task.Yield();
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await using var db = scope.ServiceProvider.GetRequiredService<AdminDatabase>().OpenSystem("system:audit-checkpoint");
                await store.CheckpointAllAsync(db, clock.GetUtcNow(), stoppingToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                logger.LogError(error, "Audit checkpointing failed; it is tried again at the next interval");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
