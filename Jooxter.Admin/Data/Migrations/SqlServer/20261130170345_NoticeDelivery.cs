using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jooxter.Admin.Data.Migrations.SqlServer
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
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "ClaimedUntilUtc",
                table: "ReservationNotices",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LastError",
                table: "ReservationNotices",
                type: "nvarchar(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "NextAttemptAtUtc",
                table: "ReservationNotices",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "SentAtUtc",
                table: "ReservationNotices",
                type: "datetime2",
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
