using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jooxter.Admin.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class ColleaguesAndAnalytics : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "MinimumGroupSize",
                table: "Tenants",
                type: "int",
                nullable: false,
                defaultValue: 5);

            migrationBuilder.CreateTable(
                name: "DeclaredStatuses",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    EmployeeId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    Status = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    TenantId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Version = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DeclaredStatuses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DeclaredStatuses_Employees_EmployeeId",
                        column: x => x.EmployeeId,
                        principalTable: "Employees",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DeclaredStatuses_EmployeeId",
                table: "DeclaredStatuses",
                column: "EmployeeId");

            migrationBuilder.CreateIndex(
                name: "IX_DeclaredStatuses_TenantId_Day",
                table: "DeclaredStatuses",
                columns: new[] { "TenantId", "Day" });

            migrationBuilder.CreateIndex(
                name: "IX_DeclaredStatuses_TenantId_EmployeeId_Day",
                table: "DeclaredStatuses",
                columns: new[] { "TenantId", "EmployeeId", "Day" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DeclaredStatuses");

            migrationBuilder.DropColumn(
                name: "MinimumGroupSize",
                table: "Tenants");
        }
    }
}
