using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jooxter.Admin.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class NoticeDelivery : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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

            migrationBuilder.AddColumn<DateTime>(
                name: "SentAtUtc",
                table: "ReservationNotices",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_ReservationNotices_Status_NextAttemptAtUtc",
                table: "ReservationNotices",
                columns: new[] { "Status", "NextAttemptAtUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ReservationNotices_Status_NextAttemptAtUtc",
                table: "ReservationNotices");

            migrationBuilder.DropColumn(
                name: "Attempts",
                table: "ReservationNotices");

            migrationBuilder.DropColumn(
                name: "ClaimedUntilUtc",
                table: "ReservationNotices");

            migrationBuilder.DropColumn(
                name: "LastError",
                table: "ReservationNotices");

            migrationBuilder.DropColumn(
                name: "NextAttemptAtUtc",
                table: "ReservationNotices");

            migrationBuilder.DropColumn(
                name: "SentAtUtc",
                table: "ReservationNotices");
        }
    }
}
