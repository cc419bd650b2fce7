using System.Security.Cryptography;
using System.Text;
using Jooxter.Admin.Infrastructure.Audit;

namespace Jooxter.Admin.Tests.Infrastructure.Audit;

/// <summary>
/// The link of an entry is an HMAC of its length-prefixed canonical form. Stored chains were signed over that exact
/// text, so the way the bytes are produced may change, never the bytes themselves.
/// </summary>
public sealed class AuditEntryHashTests
{
    private static readonly byte[] Secret = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    [Fact]
    public void The_link_is_the_HMAC_of_the_written_out_canonical_form()
    {
        var tenant = Guid.Parse("0a1b2c3d-4e5f-4071-8293-a4b5c6d7e8f9");
        var actor = Guid.Parse("11111111-2222-4333-8444-555555555555");
        var at = new DateTime(2026, 12, 1, 8, 30, 15, DateTimeKind.Utc).AddTicks(1234567);
        // Accents, a character outside the basic plane (two UTF-16 units) and the delimiters themselves.
        const string changes = "{\"Name\":{\"before\":\"Zoé|x\",\"after\":\"Desk 🪑 1:2\"}}";

        var hash = AuditEntry.ComputeHash(new AuditKey(Secret), tenant, 42, at, actor, "console", AuditAction.Updated, "Space", "abc", changes, "ff00");

        const string canonical = "32:0a1b2c3d4e5f40718293a4b5c6d7e8f9|2:42|18:639317106151234567|32:11111111222243338444555555555555|7:console|7:Updated|5:Space|3:abc|"
            + "49:{\"Name\":{\"before\":\"Zoé|x\",\"after\":\"Desk 🪑 1:2\"}}|4:ff00|";
        hash.ShouldBe(Convert.ToHexStringLower(HMACSHA256.HashData(Secret, Encoding.UTF8.GetBytes(canonical))));
    }

    [Fact]
    public void The_system_as_actor_and_a_lone_surrogate_are_written_as_before()
    {
        var tenant = Guid.Parse("0a1b2c3d-4e5f-4071-8293-a4b5c6d7e8f9");
        var at = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        const string changes = "{\"Note\":\"broken \ud800 end\"}";

        var hash = AuditEntry.ComputeHash(new AuditKey(Secret), tenant, 1, at, null, "system:seed", AuditAction.Created, "Employee", "e", changes, "");

        // A lone surrogate is encoded as U+FFFD, as Encoding.UTF8 always did; the length counts UTF-16 units.
        const string canonical = "32:0a1b2c3d4e5f40718293a4b5c6d7e8f9|1:1|18:639029198450000000|1:-|11:system:seed|7:Created|8:Employee|1:e|"
            + "23:{\"Note\":\"broken \ud800 end\"}|0:|";
        hash.ShouldBe(Convert.ToHexStringLower(HMACSHA256.HashData(Secret, Encoding.UTF8.GetBytes(canonical))));
    }

    [Fact]
    public void A_large_entry_and_a_small_one_after_it_are_each_signed_over_their_own_bytes()
    {
        var tenant = Guid.Parse("0a1b2c3d-4e5f-4071-8293-a4b5c6d7e8f9");
        var at = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        // 30,000 UTF-16 units (90,000 UTF-8 bytes): beyond the reused buffer's first size and the size it keeps.
        var large = "{\"Note\":\"" + new string('€', 29_989) + "\"}";
        const string small = "{}";

        var largeHash = AuditEntry.ComputeHash(new AuditKey(Secret), tenant, 7, at, null, "cli", AuditAction.Updated, "Employee", "e", large, "aa");
        var smallHash = AuditEntry.ComputeHash(new AuditKey(Secret), tenant, 8, at, null, "cli", AuditAction.Updated, "Employee", "e", small, largeHash);

        var largeCanonical = "32:0a1b2c3d4e5f40718293a4b5c6d7e8f9|1:7|18:639029198450000000|1:-|3:cli|7:Updated|8:Employee|1:e|30000:" + large + "|2:aa|";
        largeHash.ShouldBe(Convert.ToHexStringLower(HMACSHA256.HashData(Secret, Encoding.UTF8.GetBytes(largeCanonical))));
        var smallCanonical = "32:0a1b2c3d4e5f40718293a4b5c6d7e8f9|1:8|18:639029198450000000|1:-|3:cli|7:Updated|8:Employee|1:e|2:{}|64:" + largeHash + "|";
        smallHash.ShouldBe(Convert.ToHexStringLower(HMACSHA256.HashData(Secret, Encoding.UTF8.GetBytes(smallCanonical))));
    }
}
