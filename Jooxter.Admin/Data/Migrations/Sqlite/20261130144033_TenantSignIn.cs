using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jooxter.Admin.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TenantSignIn : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AllowedEmailDomains",
                table: "Tenants",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "IdentityIssuer",
                table: "Tenants",
                type: "TEXT",
                maxLength: 400,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "TrustsPreferredUsername",
                table: "Tenants",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateIndex(
                name: "IX_Tenants_IdentityIssuer",
                table: "Tenants",
                column: "IdentityIssuer",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tenants_IdentityIssuer",
                table: "Tenants");

            migrationBuilder.DropColumn(
                name: "AllowedEmailDomains",
                table: "Tenants");

            migrationBuilder.DropColumn(
                name: "IdentityIssuer",
                table: "Tenants");

            migrationBuilder.DropColumn(
                name: "TrustsPreferredUsername",
                table: "Tenants");
        }
    }
}
