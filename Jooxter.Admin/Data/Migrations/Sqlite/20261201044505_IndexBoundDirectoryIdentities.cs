using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jooxter.Admin.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class IndexBoundDirectoryIdentities : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Employees_DirectoryObjectId",
                table: "Employees");

            migrationBuilder.CreateIndex(
                name: "IX_Employees_TenantId_DirectoryObjectId",
                table: "Employees",
                columns: new[] { "TenantId", "DirectoryObjectId" },
                filter: "DirectoryObjectId IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Employees_TenantId_DirectoryObjectId",
                table: "Employees");

            migrationBuilder.CreateIndex(
                name: "IX_Employees_DirectoryObjectId",
                table: "Employees",
                column: "DirectoryObjectId");
        }
    }
}
