using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jooxter.Admin.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SignPruningAnchor : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PrunedSignature",
                table: "AuditChainHeads",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PrunedSignature",
                table: "AuditChainHeads");
        }
    }
}
