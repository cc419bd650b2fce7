using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jooxter.Admin.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class LiveOccupancy : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AccessKeys",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Name = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Purpose = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    KeyId = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    SecretHash = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    RotatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    RevokedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    TenantId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Version = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AccessKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "LocationConsents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    EmployeeId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Granted = table.Column<bool>(type: "bit", nullable: false),
                    DecidedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    PolicyVersion = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Source = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    TenantId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Version = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LocationConsents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LocationConsents_Employees_EmployeeId",
                        column: x => x.EmployeeId,
                        principalTable: "Employees",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "OccupancyCounts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    TenantId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    SpaceId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    FloorId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ZoneId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    BucketStartUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    People = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OccupancyCounts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OccupancyCounts_Spaces_SpaceId",
                        column: x => x.SpaceId,
                        principalTable: "Spaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Presences",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    TenantId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    EmployeeId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    BeaconId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    FloorId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    SpaceId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ZoneId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    Rssi = table.Column<int>(type: "int", nullable: false),
                    SeenAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    SinceUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    CountedBucketUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    CountedSpaceId = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Presences", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Presences_Beacons_BeaconId",
                        column: x => x.BeaconId,
                        principalTable: "Beacons",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Presences_Employees_EmployeeId",
                        column: x => x.EmployeeId,
                        principalTable: "Employees",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Presences_Spaces_SpaceId",
                        column: x => x.SpaceId,
                        principalTable: "Spaces",
                        principalColumn: "Id");
                });

            migrationBuilder.CreateIndex(
                name: "IX_AccessKeys_KeyId",
                table: "AccessKeys",
                column: "KeyId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AccessKeys_TenantId_Purpose",
                table: "AccessKeys",
                columns: new[] { "TenantId", "Purpose" });

            migrationBuilder.CreateIndex(
                name: "IX_LocationConsents_EmployeeId",
                table: "LocationConsents",
                column: "EmployeeId");

            migrationBuilder.CreateIndex(
                name: "IX_LocationConsents_TenantId_EmployeeId_DecidedAtUtc",
                table: "LocationConsents",
                columns: new[] { "TenantId", "EmployeeId", "DecidedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_OccupancyCounts_SpaceId",
                table: "OccupancyCounts",
                column: "SpaceId");

            migrationBuilder.CreateIndex(
                name: "IX_OccupancyCounts_TenantId_FloorId_BucketStartUtc",
                table: "OccupancyCounts",
                columns: new[] { "TenantId", "FloorId", "BucketStartUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_OccupancyCounts_TenantId_SpaceId_BucketStartUtc",
                table: "OccupancyCounts",
                columns: new[] { "TenantId", "SpaceId", "BucketStartUtc" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Presences_BeaconId",
                table: "Presences",
                column: "BeaconId");

            migrationBuilder.CreateIndex(
                name: "IX_Presences_EmployeeId",
                table: "Presences",
                column: "EmployeeId");

            migrationBuilder.CreateIndex(
                name: "IX_Presences_SeenAtUtc",
                table: "Presences",
                column: "SeenAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_Presences_SpaceId",
                table: "Presences",
                column: "SpaceId");

            migrationBuilder.CreateIndex(
                name: "IX_Presences_TenantId_EmployeeId",
                table: "Presences",
                columns: new[] { "TenantId", "EmployeeId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Presences_TenantId_FloorId_SeenAtUtc",
                table: "Presences",
                columns: new[] { "TenantId", "FloorId", "SeenAtUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AccessKeys");

            migrationBuilder.DropTable(
                name: "LocationConsents");

            migrationBuilder.DropTable(
                name: "OccupancyCounts");

            migrationBuilder.DropTable(
                name: "Presences");
        }
    }
}
