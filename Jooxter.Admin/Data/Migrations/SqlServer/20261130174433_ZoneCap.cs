using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jooxter.Admin.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class ZoneCap : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "BookingCap",
                table: "Zones",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "BookingSequence",
                table: "Zones",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "BookingCap",
                table: "Zones");

            migrationBuilder.DropColumn(
                name: "BookingSequence",
                table: "Zones");
        }
    }
}
