using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jooxter.Admin.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class WelcomeDelivery : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "ClaimedUntilUtc",
                table: "WelcomeNotifications",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LastError",
                table: "WelcomeNotifications",
                type: "nvarchar(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "NextAttemptAtUtc",
                table: "WelcomeNotifications",
                type: "datetime2",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_WelcomeNotifications_Status_NextAttemptAtUtc",
                table: "WelcomeNotifications",
                columns: new[] { "Status", "NextAttemptAtUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WelcomeNotifications_Status_NextAttemptAtUtc",
                table: "WelcomeNotifications");

            migrationBuilder.DropColumn(
                name: "ClaimedUntilUtc",
                table: "WelcomeNotifications");

            migrationBuilder.DropColumn(
                name: "LastError",
                table: "WelcomeNotifications");

            migrationBuilder.DropColumn(
                name: "NextAttemptAtUtc",
                table: "WelcomeNotifications");
        }
    }
}
