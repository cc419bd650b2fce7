using Jooxter.Admin.Features.Privacy;

namespace Jooxter.Admin.Tests.Features.Privacy;

public sealed class RightsRequestRulesTests
{
    private static readonly DateTime Received = new(2026, 3, 2, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_request_is_due_thirty_days_after_it_was_received()
    {
        var request = RightsRequest.Receive(RightsRequestKind.Access, Received, Guid.NewGuid());
        request.DueAtUtc.ShouldBe(new DateTime(2026, 4, 1, 10, 0, 0, DateTimeKind.Utc));
        request.IsOverdue(new DateTime(2026, 4, 1, 9, 0, 0, DateTimeKind.Utc)).ShouldBeFalse();
        request.IsOverdue(new DateTime(2026, 4, 1, 11, 0, 0, DateTimeKind.Utc)).ShouldBeTrue();
    }

    [Fact]
    public void An_extension_takes_a_reason_and_two_months_at_most_in_all()
    {
        var request = RightsRequest.Receive(RightsRequestKind.Portability, Received, null);
        request.Extend(1, " ").ShouldBe("Privacy.Request.ReasonRequired");
        request.Extend(3, "Complex").ShouldBe("Privacy.Request.ExtensionTooLong");
        request.Extend(1, "Five years of history").ShouldBeNull();
        request.DueAtUtc.ShouldBe(new DateTime(2026, 5, 1, 10, 0, 0, DateTimeKind.Utc));
        request.Extend(2, "More").ShouldBe("Privacy.Request.ExtensionTooLong");
        request.Extend(1, "Many requests at once").ShouldBeNull();
        request.DueAtUtc.ShouldBe(new DateTime(2026, 6, 1, 10, 0, 0, DateTimeKind.Utc));
        request.ExtensionReason.ShouldBe("Five years of history\nMany requests at once");
    }

    [Fact]
    public void A_pause_stops_the_clock_and_the_time_paused_moves_the_deadline()
    {
        var request = RightsRequest.Receive(RightsRequestKind.Erasure, Received, null);
        request.Pause("", Received.AddDays(5)).ShouldBe("Privacy.Request.ReasonRequired");
        request.Pause("Waiting for proof of identity", Received.AddDays(5)).ShouldBeNull();
        request.Pause("Again", Received.AddDays(6)).ShouldBe("Privacy.Request.AlreadyPaused");

        // Forty days after receipt, still paused: not overdue, and the deadline shown has moved by the 35 days paused.
        request.IsOverdue(Received.AddDays(40)).ShouldBeFalse();
        request.DueAt(Received.AddDays(40)).ShouldBe(Received.AddDays(65));

        request.Resume(Received.AddDays(15)).ShouldBeNull();
        request.DueAtUtc.ShouldBe(Received.AddDays(40));
        request.Resume(Received.AddDays(16)).ShouldBe("Privacy.Request.NotPaused");
        request.IsOverdue(Received.AddDays(39)).ShouldBeFalse();
        request.IsOverdue(Received.AddDays(41)).ShouldBeTrue();
    }

    [Fact]
    public void Steps_go_forward_and_a_closed_request_takes_no_more()
    {
        var request = RightsRequest.Receive(RightsRequestKind.Access, Received, null);
        request.MoveTo(RightsRequestStatus.Answered, Received.AddDays(1)).ShouldBeNull();
        request.ClosedAtUtc.ShouldBe(Received.AddDays(1));
        request.IsOpen.ShouldBeFalse();
        request.MoveTo(RightsRequestStatus.InProgress, Received.AddDays(2)).ShouldBe("Privacy.Request.Closed");
        request.Extend(1, "late").ShouldBe("Privacy.Request.Closed");

        var other = RightsRequest.Receive(RightsRequestKind.Objection, Received, null);
        other.MoveTo(RightsRequestStatus.InProgress, Received).ShouldBeNull();
        other.MoveTo(RightsRequestStatus.IdentityVerified, Received).ShouldBe("Privacy.Request.BadStep");
        other.Close(RightsRequestStatus.Refused, "", Received).ShouldBe("Privacy.Request.ReasonRequired");
        other.Close(RightsRequestStatus.Answered, "x", Received).ShouldBe("Privacy.Request.BadStep");
        other.Close(RightsRequestStatus.Refused, "Compelling legitimate grounds", Received).ShouldBeNull();
        other.Status.ShouldBe(RightsRequestStatus.Refused);
    }
}
