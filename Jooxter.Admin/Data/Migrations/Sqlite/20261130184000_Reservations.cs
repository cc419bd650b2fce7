using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jooxter.Admin.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Reservations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Reservations_BeneficiaryId",
                table: "Reservations");

            migrationBuilder.DropIndex(
                name: "IX_Reservations_HolderId",
                table: "Reservations");

            migrationBuilder.AddColumn<int>(
                name: "BookingCap",
                table: "Zones",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "BookingSequence",
                table: "Zones",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<DateTime>(
                name: "ClaimedUntilUtc",
                table: "WelcomeNotifications",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LastError",
                table: "WelcomeNotifications",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "NextAttemptAtUtc",
                table: "WelcomeNotifications",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "BookingSequence",
                table: "Spaces",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<int>(
                name: "AcceptedConflicts",
                table: "Reservations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "CheckedInAtUtc",
                table: "Reservations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "CreatedAtUtc",
                table: "Reservations",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<Guid>(
                name: "CreatedById",
                table: "Reservations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "DecidedAtUtc",
                table: "Reservations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "DecidedById",
                table: "Reservations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DecisionReason",
                table: "Reservations",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "OpenConflicts",
                table: "Reservations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "RequestReason",
                table: "Reservations",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RequestedOverrides",
                table: "Reservations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "Source",
                table: "Reservations",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "Console");

            migrationBuilder.AddColumn<int>(
                name: "Attempts",
                table: "ReservationNotices",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "ClaimedUntilUtc",
                table: "ReservationNotices",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "GuestId",
                table: "ReservationNotices",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "ReservationNotices",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "Cancelled");

            migrationBuilder.AddColumn<string>(
                name: "LastError",
                table: "ReservationNotices",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "NextAttemptAtUtc",
                table: "ReservationNotices",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "RecipientId",
                table: "ReservationNotices",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "SentAtUtc",
                table: "ReservationNotices",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ReservationGuests",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReservationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    EmployeeId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    NormalizedEmail = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    Company = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReservationGuests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReservationGuests_Employees_EmployeeId",
                        column: x => x.EmployeeId,
                        principalTable: "Employees",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ReservationGuests_Reservations_ReservationId",
                        column: x => x.ReservationId,
                        principalTable: "Reservations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_WelcomeNotifications_Status_NextAttemptAtUtc",
                table: "WelcomeNotifications",
                columns: new[] { "Status", "NextAttemptAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Reservations_BeneficiaryId_StartsAtUtc",
                table: "Reservations",
                columns: new[] { "BeneficiaryId", "StartsAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Reservations_CreatedById",
                table: "Reservations",
                column: "CreatedById");

            migrationBuilder.CreateIndex(
                name: "IX_Reservations_DecidedById",
                table: "Reservations",
                column: "DecidedById");

            migrationBuilder.CreateIndex(
                name: "IX_Reservations_HolderId_StartsAtUtc",
                table: "Reservations",
                columns: new[] { "HolderId", "StartsAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Reservations_TenantId_OpenConflicts_StartsAtUtc",
                table: "Reservations",
                columns: new[] { "TenantId", "OpenConflicts", "StartsAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Reservations_TenantId_Status_StartsAtUtc",
                table: "Reservations",
                columns: new[] { "TenantId", "Status", "StartsAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_ReservationNotices_GuestId",
                table: "ReservationNotices",
                column: "GuestId");

            migrationBuilder.CreateIndex(
                name: "IX_ReservationNotices_RecipientId",
                table: "ReservationNotices",
                column: "RecipientId");

            migrationBuilder.CreateIndex(
                name: "IX_ReservationNotices_Status_NextAttemptAtUtc",
                table: "ReservationNotices",
                columns: new[] { "Status", "NextAttemptAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_ReservationGuests_EmployeeId",
                table: "ReservationGuests",
                column: "EmployeeId");

            migrationBuilder.CreateIndex(
                name: "IX_ReservationGuests_ReservationId",
                table: "ReservationGuests",
                column: "ReservationId");

            migrationBuilder.CreateIndex(
                name: "IX_ReservationGuests_TenantId_NormalizedEmail",
                table: "ReservationGuests",
                columns: new[] { "TenantId", "NormalizedEmail" });

            migrationBuilder.AddForeignKey(
                name: "FK_ReservationNotices_Employees_RecipientId",
                table: "ReservationNotices",
                column: "RecipientId",
                principalTable: "Employees",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_ReservationNotices_ReservationGuests_GuestId",
                table: "ReservationNotices",
                column: "GuestId",
                principalTable: "ReservationGuests",
                principalColumn: "Id");

            migrationBuilder.AddForeignKey(
                name: "FK_Reservations_Employees_CreatedById",
                table: "Reservations",
                column: "CreatedById",
                principalTable: "Employees",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_Reservations_Employees_DecidedById",
                table: "Reservations",
                column: "DecidedById",
                principalTable: "Employees",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_ReservationNotices_Employees_RecipientId",
                table: "ReservationNotices");

            migrationBuilder.DropForeignKey(
                name: "FK_ReservationNotices_ReservationGuests_GuestId",
                table: "ReservationNotices");

            migrationBuilder.DropForeignKey(
                name: "FK_Reservations_Employees_CreatedById",
                table: "Reservations");

            migrationBuilder.DropForeignKey(
                name: "FK_Reservations_Employees_DecidedById",
                table: "Reservations");

            migrationBuilder.DropTable(
                name: "ReservationGuests");

            migrationBuilder.DropIndex(
                name: "IX_WelcomeNotifications_Status_NextAttemptAtUtc",
                table: "WelcomeNotifications");

            migrationBuilder.DropIndex(
                name: "IX_Reservations_BeneficiaryId_StartsAtUtc",
                table: "Reservations");

            migrationBuilder.DropIndex(
                name: "IX_Reservations_CreatedById",
                table: "Reservations");

            migrationBuilder.DropIndex(
                name: "IX_Reservations_DecidedById",
                table: "Reservations");

            migrationBuilder.DropIndex(
                name: "IX_Reservations_HolderId_StartsAtUtc",
                table: "Reservations");

            migrationBuilder.DropIndex(
                name: "IX_Reservations_TenantId_OpenConflicts_StartsAtUtc",
                table: "Reservations");

            migrationBuilder.DropIndex(
                name: "IX_Reservations_TenantId_Status_StartsAtUtc",
                table: "Reservations");

            migrationBuilder.DropIndex(
                name: "IX_ReservationNotices_GuestId",
                table: "ReservationNotices");

            migrationBuilder.DropIndex(
                name: "IX_ReservationNotices_RecipientId",
                table: "ReservationNotices");

            migrationBuilder.DropIndex(
                name: "IX_ReservationNotices_Status_NextAttemptAtUtc",
                table: "ReservationNotices");

            migrationBuilder.DropColumn(
                name: "BookingCap",
                table: "Zones");

            migrationBuilder.DropColumn(
                name: "BookingSequence",
                table: "Zones");

            migrationBuilder.DropColumn(
                name: "ClaimedUntilUtc",
                table: "WelcomeNotifications");

            migrationBuilder.DropColumn(
                name: "LastError",
                table: "WelcomeNotifications");

            migrationBuilder.DropColumn(
                name: "NextAttemptAtUtc",
                table: "WelcomeNotifications");

            migrationBuilder.DropColumn(
                name: "BookingSequence",
                table: "Spaces");

            migrationBuilder.DropColumn(
                name: "AcceptedConflicts",
                table: "Reservations");

            migrationBuilder.DropColumn(
                name: "CheckedInAtUtc",
                table: "Reservations");

            migrationBuilder.DropColumn(
                name: "CreatedAtUtc",
                table: "Reservations");

            migrationBuilder.DropColumn(
                name: "CreatedById",
                table: "Reservations");

            migrationBuilder.DropColumn(
                name: "DecidedAtUtc",
                table: "Reservations");

            migrationBuilder.DropColumn(
                name: "DecidedById",
                table: "Reservations");

            migrationBuilder.DropColumn(
                name: "DecisionReason",
                table: "Reservations");

            migrationBuilder.DropColumn(
                name: "OpenConflicts",
                table: "Reservations");

            migrationBuilder.DropColumn(
                name: "RequestReason",
                table: "Reservations");

            migrationBuilder.DropColumn(
                name: "RequestedOverrides",
                table: "Reservations");

            migrationBuilder.DropColumn(
                name: "Source",
                table: "Reservations");

            migrationBuilder.DropColumn(
                name: "Attempts",
                table: "ReservationNotices");

            migrationBuilder.DropColumn(
                name: "ClaimedUntilUtc",
                table: "ReservationNotices");

            migrationBuilder.DropColumn(
                name: "GuestId",
                table: "ReservationNotices");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "ReservationNotices");

            migrationBuilder.DropColumn(
                name: "LastError",
                table: "ReservationNotices");

            migrationBuilder.DropColumn(
                name: "NextAttemptAtUtc",
                table: "ReservationNotices");

            migrationBuilder.DropColumn(
                name: "RecipientId",
                table: "ReservationNotices");

            migrationBuilder.DropColumn(
                name: "SentAtUtc",
                table: "ReservationNotices");

            migrationBuilder.CreateIndex(
                name: "IX_Reservations_BeneficiaryId",
                table: "Reservations",
                column: "BeneficiaryId");

            migrationBuilder.CreateIndex(
                name: "IX_Reservations_HolderId",
                table: "Reservations",
                column: "HolderId");
        }
    }
}
