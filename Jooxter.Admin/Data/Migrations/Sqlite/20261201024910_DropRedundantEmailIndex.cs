using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jooxter.Admin.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DropRedundantEmailIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Employees_NormalizedEmail",
                table: "Employees");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Employees_NormalizedEmail",
                table: "Employees",
                column: "NormalizedEmail");
        }
    }
}
