using System.Reflection;
using Jooxter.Admin.Features.People;
using Jooxter.Admin.Features.Places;
using Jooxter.Admin.Features.Privacy;
using Jooxter.Admin.Features.Reservations;
using Jooxter.Admin.Features.Tenants;
using Jooxter.Admin.Infrastructure.Audit;
using Jooxter.Admin.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Data;

/// <summary>
/// The console's data, provider-neutral. One sealed subclass per provider carries its own migrations.
/// Tenancy and the audit trail are enforced here, not by each page.
/// </summary>
public abstract class AdminDbContext : DbContext
{
    private readonly DataScope _scope;
    private readonly TimeProvider _clock;

    protected AdminDbContext(DbContextOptions options, DataScope scope, TimeProvider clock)
        : base(options)
    {
        _scope = scope;
        _clock = clock;
    }

    public DataScope Scope => _scope;

    /// <summary>Keys the audit chain; contexts that write audited changes cannot save without it.</summary>
    public AuditKey? AuditKey { get; init; }

    // Read by the query filters; EF parameterizes them per context instance.
    private Guid? CurrentTenantId => _scope.TenantId;

    private bool Unrestricted => _scope.Unrestricted;

    // Indoor location older than 30 minutes is invisible to every query of every context, purged or not: the filter
    // reads the server's clock each time a query runs (EF evaluates context members per execution).
    private DateTime LocationCutoff => Features.Occupancy.LocationRetention.Cutoff(_clock.GetUtcNow().UtcDateTime);

    public DbSet<Tenant> Tenants => Set<Tenant>();

    public DbSet<Employee> Employees => Set<Employee>();

    public DbSet<Department> Departments => Set<Department>();

    public DbSet<UserGroup> UserGroups => Set<UserGroup>();

    public DbSet<Company> Companies => Set<Company>();

    public DbSet<EmployeePhoto> EmployeePhotos => Set<EmployeePhoto>();

    public DbSet<Profile> Profiles => Set<Profile>();

    public DbSet<Features.People.Import.EmployeeImport> EmployeeImports => Set<Features.People.Import.EmployeeImport>();

    public DbSet<Features.People.Import.WelcomeNotification> WelcomeNotifications => Set<Features.People.Import.WelcomeNotification>();

    public DbSet<UserGroupMember> UserGroupMembers => Set<UserGroupMember>();

    public DbSet<RoleAssignment> RoleAssignments => Set<RoleAssignment>();

    public DbSet<Building> Buildings => Set<Building>();

    public DbSet<Floor> Floors => Set<Floor>();

    public DbSet<Zone> Zones => Set<Zone>();

    public DbSet<Space> Spaces => Set<Space>();

    public DbSet<Features.Places.Plans.FloorPlan> FloorPlans => Set<Features.Places.Plans.FloorPlan>();

    public DbSet<Features.Places.Booking.BookingPolicy> BookingPolicies => Set<Features.Places.Booking.BookingPolicy>();

    public DbSet<Features.Places.Beacons.Beacon> Beacons => Set<Features.Places.Beacons.Beacon>();

    public DbSet<Reservation> Reservations => Set<Reservation>();

    public DbSet<ReservationGuest> ReservationGuests => Set<ReservationGuest>();

    public DbSet<Features.Places.ReservationNotice> ReservationNotices => Set<Features.Places.ReservationNotice>();

    public DbSet<RightsRequest> RightsRequests => Set<RightsRequest>();

    public DbSet<RightsRequestStep> RightsRequestSteps => Set<RightsRequestStep>();

    public DbSet<ErasureException> ErasureExceptions => Set<ErasureException>();

    public DbSet<PrivacyNotice> PrivacyNotices => Set<PrivacyNotice>();

    public DbSet<ProcessingActivity> ProcessingActivities => Set<ProcessingActivity>();

    public DbSet<SubProcessor> SubProcessors => Set<SubProcessor>();

    public DbSet<AuthorityDisclosure> AuthorityDisclosures => Set<AuthorityDisclosure>();

    public DbSet<PrivacyPolicyVersion> PrivacyPolicyVersions => Set<PrivacyPolicyVersion>();

    public DbSet<PurgeRecord> PurgeRecords => Set<PurgeRecord>();

    public DbSet<Features.Occupancy.AccessKey> AccessKeys => Set<Features.Occupancy.AccessKey>();

    public DbSet<Features.Occupancy.LocationConsent> LocationConsents => Set<Features.Occupancy.LocationConsent>();

    public DbSet<Features.Occupancy.Presence> Presences => Set<Features.Occupancy.Presence>();

    public DbSet<Features.Occupancy.OccupancyCount> OccupancyCounts => Set<Features.Occupancy.OccupancyCount>();

    public DbSet<Features.Occupancy.Colleagues.DeclaredStatus> DeclaredStatuses => Set<Features.Occupancy.Colleagues.DeclaredStatus>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<AuditChainHead> AuditChainHeads => Set<AuditChainHead>();

    public DbSet<AccessDenial> AccessDenials => Set<AccessDenial>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AdminDbContext).Assembly);

        // Two models, chosen by ScopedModelCacheKeyFactory: a tenant's contexts filter every customer-owned row on
        // "TenantId = @tenant" alone (an indexable predicate: no "@unrestricted OR ..." that would keep the database
        // from using the (TenantId, ...) indexes); the platform's unrestricted contexts have no filter at all.
        var applyFilter = typeof(AdminDbContext).GetMethod(nameof(ApplyTenantFilter), BindingFlags.NonPublic | BindingFlags.Instance)!;
        foreach (var entityType in modelBuilder.Model.GetEntityTypes().Where(t => typeof(ITenantOwned).IsAssignableFrom(t.ClrType)))
        {
            if (!Unrestricted)
            {
                applyFilter.MakeGenericMethod(entityType.ClrType).Invoke(this, [modelBuilder]);
            }

            if (typeof(TenantEntity).IsAssignableFrom(entityType.ClrType))
            {
                entityType.FindProperty(nameof(TenantEntity.Version))!.IsConcurrencyToken = true;
                entityType.FindProperty(nameof(ITenantOwned.TenantId))!.IsNullable = false;
            }
        }

        if (Unrestricted)
        {
            modelBuilder.Entity<Features.Occupancy.Presence>().HasQueryFilter(p => p.SeenAtUtc > LocationCutoff);
        }
        else
        {
            modelBuilder.Entity<Features.Occupancy.Presence>().HasQueryFilter(p => p.TenantId == CurrentTenantId && p.SeenAtUtc > LocationCutoff);
        }

        if (!Unrestricted)
        {
            modelBuilder.Entity<Tenant>().HasQueryFilter(t => t.Id == CurrentTenantId);
            modelBuilder.Entity<AuditChainHead>().HasQueryFilter(h => h.TenantId == CurrentTenantId);
            modelBuilder.Entity<AccessDenial>().HasQueryFilter(a => false);
            modelBuilder.Entity<PurgeRecord>().HasQueryFilter(p => p.TenantId == CurrentTenantId);
        }

        PersonalDataCatalog.ApplyMarkers(modelBuilder.Model);
    }

    /// <summary>Whether this context sees every customer (the platform's own work): its model has no tenant filter.</summary>
    internal bool IsUnrestricted => Unrestricted;

    private void ApplyTenantFilter<T>(ModelBuilder modelBuilder)
        where T : class, ITenantOwned
        => modelBuilder.Entity<T>().HasQueryFilter(e => e.TenantId == CurrentTenantId);

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        throw new NotSupportedException("Use SaveChangesAsync: saving records the audit trail asynchronously.");

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        EnforceTenancy();
        await EnforceReferencesAsync(cancellationToken);
        var pending = AuditRecorder.Capture(ChangeTracker);
        if (pending.Count == 0)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        var ownsTransaction = Database.CurrentTransaction is null && System.Transactions.Transaction.Current is null;
        await using var transaction = ownsTransaction ? await Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            await AuditRecorder.AppendAsync(this, pending, _scope.ActorId, _scope.Channel, _clock.GetUtcNow().UtcDateTime, cancellationToken);
            var written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            if (transaction is not null)
            {
                await transaction.CommitAsync(cancellationToken);
            }

            return written;
        }
        catch
        {
            // Forget the audit rows of the failed attempt, so a retry on this context starts from the stored chain head.
            foreach (var audit in ChangeTracker.Entries().Where(e => e.Entity is AuditEntry or AuditChainHead).ToList())
            {
                audit.State = EntityState.Detached;
            }

            throw;
        }
    }

    /// <summary>
    /// Inserts many new rows of one type without the change tracker, inside the current transaction, with the same
    /// tenancy rules and the same audit entries as <see cref="SaveChangesAsync(bool, CancellationToken)"/>.
    /// For imports of tens of thousands of rows, where tracking every entity costs seconds and hundreds of megabytes.
    /// </summary>
    public Task BulkInsertAsync<T>(IReadOnlyList<T> entities, CancellationToken ct = default)
        where T : class
    {
        if (AuditRecorder.RecordedWithin(typeof(T)) is not null)
        {
            throw new InvalidOperationException($"{typeof(T).Name} rows are recorded within their owner's audit entry: insert them with their owners.");
        }

        return BulkInsertCoreAsync(entities, null, ct);
    }

    /// <summary>
    /// Inserts new owners and rows recorded within them (employees and their group memberships) in bulk: one audit
    /// entry per owner, listing its rows, instead of one entry per row.
    /// </summary>
    public async Task BulkInsertAsync<TOwner, TWithin>(IReadOnlyList<TOwner> owners, IReadOnlyList<TWithin> within, CancellationToken ct = default)
        where TOwner : class
        where TWithin : class
    {
        var withinType = Model.FindEntityType(typeof(TWithin)) ?? throw new InvalidOperationException($"{typeof(TWithin).Name} is not an entity.");
        await BulkInsertCoreAsync(owners, AuditRecorder.GroupWithin(withinType, within.Cast<object>()), ct);
        await BulkInsertCoreAsync(within, null, ct);
    }

    // Rows and their audit entries are written a batch at a time, so that an import of tens of thousands of rows
    // never holds all their descriptions in memory at once.
    private const int BulkBatch = 2_000;

    private async Task BulkInsertCoreAsync<T>(IReadOnlyList<T> entities, WithinRows? within, CancellationToken ct)
        where T : class
    {
        if (entities.Count == 0)
        {
            return;
        }

        if (Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Bulk inserts run inside a transaction begun on this context.");
        }

        var type = Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not an entity.");
        if (typeof(T) == typeof(AuditEntry) || typeof(T) == typeof(AuditChainHead) || typeof(T) == typeof(Tenant))
        {
            throw new InvalidOperationException($"{typeof(T).Name} rows cannot be bulk inserted.");
        }

        foreach (var entity in entities)
        {
            if (entity is ITenantOwned owned)
            {
                if (owned.TenantId == Guid.Empty)
                {
                    owned.TenantId = CurrentTenantId ?? throw new TenantIsolationException($"A {typeof(T).Name} must belong to a customer.");
                }

                if (!Unrestricted && owned.TenantId != CurrentTenantId)
                {
                    throw new TenantIsolationException($"A {typeof(T).Name} cannot be created for another customer.");
                }
            }

        }

        // Derived fields (folded search text) are pure per row: computed on every core.
        if (entities.Count > 0 && entities[0] is IHasDerivedFields)
        {
            Parallel.For(0, entities.Count, i => ((IHasDerivedFields)entities[i]).RefreshDerivedFields());
        }

        if (!AuditRecorder.IsAudited(typeof(T)))
        {
            await BulkWriter.InsertAsync(this, type, entities, ct);
            return;
        }

        List<T> Batch(int start) => entities.Skip(start).Take(BulkBatch).ToList();

        // The next batch's audit entries are described and chained on another core while this batch is written.
        var tenants = entities.Select(e => e is ITenantOwned owned ? owned.TenantId : Guid.Empty);
        var chain = await AuditRecorder.BulkChain.StartAsync(this, tenants, _scope.ActorId, _scope.Channel, _clock.GetUtcNow().UtcDateTime, ct);
        // A failure part-way leaves entries past the stored chain head: the caller's transaction must then be rolled
        // back (every caller does), never committed.
        var first = Batch(0);
        var prepared = Task.Run(() => chain.Prepare(type, first, within), ct);
        try
        {
            for (var start = 0; start < entities.Count; start += BulkBatch)
            {
                var batch = start == 0 ? first : Batch(start);
                await BulkWriter.InsertAsync(this, type, batch, ct);
                var entries = await prepared;
                if (start + BulkBatch < entities.Count)
                {
                    var next = Batch(start + BulkBatch);
                    prepared = Task.Run(() => chain.Prepare(type, next, within), ct);
                }

                await chain.InsertAsync(entries, ct);
            }
        }
        finally
        {
            // Never leave the preparation of a next batch running unobserved after a failure.
            if (!prepared.IsCompleted)
            {
                await prepared.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }

        await chain.CompleteAsync(ct);
    }

    /// <summary>
    /// A customer's row may only point to rows of the same customer: every foreign key set or changed in a restricted
    /// context must name a row this context can see (the query filter hides other customers' rows). One query per
    /// referenced type, whatever the number of rows.
    /// </summary>
    private async Task EnforceReferencesAsync(CancellationToken ct)
    {
        if (Unrestricted)
        {
            return;
        }

        var wanted = new Dictionary<Type, HashSet<Guid>>();
        foreach (var entry in ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified && e.Entity is ITenantOwned and not AuditEntry))
        {
            foreach (var foreignKey in entry.Metadata.GetForeignKeys())
            {
                var principal = foreignKey.PrincipalEntityType.ClrType;
                if (!typeof(ITenantOwned).IsAssignableFrom(principal) || !typeof(Entity).IsAssignableFrom(principal) || foreignKey.Properties.Count != 1 || foreignKey.Properties[0].Name == nameof(ITenantOwned.TenantId))
                {
                    continue;
                }

                var property = entry.Property(foreignKey.Properties[0].Name);
                if (property.CurrentValue is not Guid id || (entry.State == EntityState.Modified && !property.IsModified))
                {
                    continue;
                }

                if (!wanted.TryGetValue(principal, out var ids))
                {
                    wanted[principal] = ids = [];
                }

                ids.Add(id);
            }
        }

        foreach (var (type, ids) in wanted)
        {
            // Rows added in this same save count if they are this customer's (checked by EnforceTenancy).
            var local = ChangeTracker.Entries().Where(e => e.Metadata.ClrType == type && e.State == EntityState.Added).Select(e => (Guid)e.Property("Id").CurrentValue!).ToHashSet();
            var missing = ids.Where(id => !local.Contains(id)).ToList();
            if (missing.Count == 0)
            {
                continue;
            }

            var found = await (Task<List<Guid>>)ExistingIdsMethod.MakeGenericMethod(type).Invoke(this, [missing, ct])!;
            if (found.Count != missing.Count)
            {
                throw new TenantIsolationException($"A {type.Name} referred to does not exist in this customer's data.");
            }
        }
    }

    private static readonly MethodInfo ExistingIdsMethod = typeof(AdminDbContext).GetMethod(nameof(ExistingIdsAsync), BindingFlags.NonPublic | BindingFlags.Instance)!;

    private Task<List<Guid>> ExistingIdsAsync<T>(List<Guid> ids, CancellationToken ct)
        where T : Entity =>
        Set<T>().Where(e => ids.Contains(e.Id)).Select(e => e.Id).ToListAsync(ct);

    private void EnforceTenancy()
    {
        foreach (var entry in ChangeTracker.Entries())
        {
            switch (entry.Entity)
            {
                case AuditEntry or AuditChainHead when entry.State is not EntityState.Unchanged and not EntityState.Detached:
                    // Only the recorder writes the trail, after this check; anything else touching it is refused.
                    throw new InvalidOperationException("The audit trail is append-only and written by the data layer alone.");
                case AuditEntry or AuditChainHead:
                    break;
                case Tenant tenant when entry.State is not EntityState.Unchanged and not EntityState.Detached:
                    if (!Unrestricted)
                    {
                        throw new TenantIsolationException("Only the platform may create, delete or change a customer.");
                    }

                    if (entry.State == EntityState.Modified)
                    {
                        tenant.Version = Guid.NewGuid();
                    }

                    break;
                case ITenantOwned owned:
                    EnforceTenancy(entry, owned);
                    if (owned is IHasDerivedFields derived && entry.State is EntityState.Added or EntityState.Modified)
                    {
                        derived.RefreshDerivedFields();
                    }

                    break;
            }
        }
    }

    private void EnforceTenancy(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry entry, ITenantOwned owned)
    {
        switch (entry.State)
        {
            case EntityState.Added:
                if (owned.TenantId == Guid.Empty)
                {
                    owned.TenantId = CurrentTenantId ?? throw new TenantIsolationException($"A {entry.Metadata.ClrType.Name} must belong to a customer.");
                }

                if (!Unrestricted && owned.TenantId != CurrentTenantId)
                {
                    throw new TenantIsolationException($"A {entry.Metadata.ClrType.Name} cannot be created for another customer.");
                }

                break;
            case EntityState.Modified or EntityState.Deleted:
                var original = (Guid)entry.Property(nameof(ITenantOwned.TenantId)).OriginalValue!;
                if (original != owned.TenantId)
                {
                    throw new TenantIsolationException($"A {entry.Metadata.ClrType.Name} cannot move to another customer.");
                }

                if (!Unrestricted && original != CurrentTenantId)
                {
                    throw new TenantIsolationException($"A {entry.Metadata.ClrType.Name} of another customer cannot be changed.");
                }

                if (entry.State == EntityState.Modified && owned is TenantEntity versioned)
                {
                    versioned.Version = Guid.NewGuid();
                }

                break;
        }
    }
}
