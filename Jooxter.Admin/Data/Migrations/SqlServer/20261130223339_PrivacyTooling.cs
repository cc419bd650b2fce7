using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jooxter.Admin.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class PrivacyTooling : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The register's statuses were renamed after the GDPR's own steps.
            migrationBuilder.Sql("UPDATE RightsRequests SET Status = 'Received' WHERE Status = 'Open'");
            migrationBuilder.Sql("UPDATE RightsRequests SET Status = 'Answered' WHERE Status = 'Completed'");
            migrationBuilder.Sql("UPDATE RightsRequests SET Status = 'Refused' WHERE Status = 'Rejected'");

            migrationBuilder.AddColumn<bool>(
                name: "AdministratorsHandleRightsRequests",
                table: "Tenants",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "AuditRetentionMonths",
                table: "Tenants",
                type: "int",
                nullable: false,
                defaultValue: 60);

            migrationBuilder.AddColumn<int>(
                name: "ImportRetentionMonths",
                table: "Tenants",
                type: "int",
                nullable: false,
                defaultValue: 12);

            migrationBuilder.AddColumn<int>(
                name: "NoticeRetentionMonths",
                table: "Tenants",
                type: "int",
                nullable: false,
                defaultValue: 6);

            migrationBuilder.AddColumn<int>(
                name: "ReservationRetentionMonths",
                table: "Tenants",
                type: "int",
                nullable: false,
                defaultValue: 24);

            migrationBuilder.AddColumn<Guid>(
                name: "AssigneeId",
                table: "RightsRequests",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Channel",
                table: "RightsRequests",
                type: "nvarchar(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTime>(
                name: "ClosedAtUtc",
                table: "RightsRequests",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ClosingReason",
                table: "RightsRequests",
                type: "nvarchar(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ExtensionMonths",
                table: "RightsRequests",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "ExtensionReason",
                table: "RightsRequests",
                type: "nvarchar(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PauseReason",
                table: "RightsRequests",
                type: "nvarchar(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "PausedSeconds",
                table: "RightsRequests",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<DateTime>(
                name: "PausedSinceUtc",
                table: "RightsRequests",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Rectification",
                table: "RightsRequests",
                type: "nvarchar(max)",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ScanEvidence",
                table: "RightsRequests",
                type: "nvarchar(max)",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SubjectKind",
                table: "RightsRequests",
                type: "nvarchar(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "SubjectName",
                table: "RightsRequests",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ProcessingRestrictedSinceUtc",
                table: "Employees",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PrunedHash",
                table: "AuditChainHeads",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<long>(
                name: "PrunedThrough",
                table: "AuditChainHeads",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "AuthorityDisclosures",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    DisclosedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Authority = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    LegalBasis = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: false),
                    Description = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: false),
                    SubjectEmployeeId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    TenantId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Version = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuthorityDisclosures", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AuthorityDisclosures_Employees_SubjectEmployeeId",
                        column: x => x.SubjectEmployeeId,
                        principalTable: "Employees",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "ErasureExceptions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    RequestId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Entity = table.Column<string>(type: "nvarchar(80)", maxLength: 80, nullable: false),
                    Reason = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: false),
                    ReviewOn = table.Column<DateOnly>(type: "date", nullable: false),
                    TenantId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Version = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ErasureExceptions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ErasureExceptions_RightsRequests_RequestId",
                        column: x => x.RequestId,
                        principalTable: "RightsRequests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PrivacyNotices",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    RequestId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    RecipientEmail = table.Column<string>(type: "nvarchar(254)", maxLength: 254, nullable: false),
                    RecipientName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Language = table.Column<string>(type: "nvarchar(10)", maxLength: 10, nullable: false),
                    DigestDay = table.Column<DateOnly>(type: "date", nullable: true),
                    QueuedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Status = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Attempts = table.Column<int>(type: "int", nullable: false),
                    NextAttemptAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    ClaimedUntilUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    SentAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    LastError = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    TenantId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Version = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PrivacyNotices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PrivacyNotices_RightsRequests_RequestId",
                        column: x => x.RequestId,
                        principalTable: "RightsRequests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "PrivacyPolicyVersions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Label = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    EffectiveOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Summary = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: false),
                    TenantId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Version = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PrivacyPolicyVersions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ProcessingActivities",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Purpose = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: false),
                    DataCategories = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: false),
                    LegalBasis = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: false),
                    Retention = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: false),
                    Recipients = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: false),
                    Source = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: false),
                    TenantId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Version = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProcessingActivities", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PurgeRecords",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    TenantId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    TenantName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    RanAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Lines = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    TotalRows = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PurgeRecords", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RightsRequestSteps",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    RequestId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    AtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ActorId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    Kind = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Text = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    Evidence = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    TenantId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Version = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RightsRequestSteps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RightsRequestSteps_RightsRequests_RequestId",
                        column: x => x.RequestId,
                        principalTable: "RightsRequests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SubProcessors",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Service = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: false),
                    Location = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Safeguards = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: false),
                    TenantId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Version = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SubProcessors", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RightsRequests_AssigneeId",
                table: "RightsRequests",
                column: "AssigneeId");

            migrationBuilder.CreateIndex(
                name: "IX_RightsRequests_TenantId_ReceivedAtUtc",
                table: "RightsRequests",
                columns: new[] { "TenantId", "ReceivedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_AuthorityDisclosures_SubjectEmployeeId",
                table: "AuthorityDisclosures",
                column: "SubjectEmployeeId");

            migrationBuilder.CreateIndex(
                name: "IX_AuthorityDisclosures_TenantId_DisclosedOn",
                table: "AuthorityDisclosures",
                columns: new[] { "TenantId", "DisclosedOn" });

            migrationBuilder.CreateIndex(
                name: "IX_ErasureExceptions_RequestId_Entity",
                table: "ErasureExceptions",
                columns: new[] { "RequestId", "Entity" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ErasureExceptions_TenantId",
                table: "ErasureExceptions",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_PrivacyNotices_RequestId",
                table: "PrivacyNotices",
                column: "RequestId");

            migrationBuilder.CreateIndex(
                name: "IX_PrivacyNotices_Status_NextAttemptAtUtc",
                table: "PrivacyNotices",
                columns: new[] { "Status", "NextAttemptAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_PrivacyNotices_TenantId_Kind_DigestDay_RecipientEmail",
                table: "PrivacyNotices",
                columns: new[] { "TenantId", "Kind", "DigestDay", "RecipientEmail" },
                unique: true,
                filter: "DigestDay IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_PrivacyPolicyVersions_TenantId_Label",
                table: "PrivacyPolicyVersions",
                columns: new[] { "TenantId", "Label" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ProcessingActivities_TenantId",
                table: "ProcessingActivities",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_PurgeRecords_TenantId_RanAtUtc",
                table: "PurgeRecords",
                columns: new[] { "TenantId", "RanAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_RightsRequestSteps_RequestId_AtUtc",
                table: "RightsRequestSteps",
                columns: new[] { "RequestId", "AtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_RightsRequestSteps_TenantId",
                table: "RightsRequestSteps",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_SubProcessors_TenantId",
                table: "SubProcessors",
                column: "TenantId");

            migrationBuilder.AddForeignKey(
                name: "FK_RightsRequests_Employees_AssigneeId",
                table: "RightsRequests",
                column: "AssigneeId",
                principalTable: "Employees",
                principalColumn: "Id");
        
            // Requests recorded before the register knew who a subject was and how a request arrived.
            migrationBuilder.Sql("UPDATE RightsRequests SET SubjectKind = CASE WHEN SubjectEmployeeId IS NULL THEN 'Unmatched' ELSE 'Employee' END WHERE SubjectKind = ''");
            migrationBuilder.Sql("UPDATE RightsRequests SET Channel = 'Email' WHERE Channel = ''");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_RightsRequests_Employees_AssigneeId",
                table: "RightsRequests");

            migrationBuilder.DropTable(
                name: "AuthorityDisclosures");

            migrationBuilder.DropTable(
                name: "ErasureExceptions");

            migrationBuilder.DropTable(
                name: "PrivacyNotices");

            migrationBuilder.DropTable(
                name: "PrivacyPolicyVersions");

            migrationBuilder.DropTable(
                name: "ProcessingActivities");

            migrationBuilder.DropTable(
                name: "PurgeRecords");

            migrationBuilder.DropTable(
                name: "RightsRequestSteps");

            migrationBuilder.DropTable(
                name: "SubProcessors");

            migrationBuilder.DropIndex(
                name: "IX_RightsRequests_AssigneeId",
                table: "RightsRequests");

            migrationBuilder.DropIndex(
                name: "IX_RightsRequests_TenantId_ReceivedAtUtc",
                table: "RightsRequests");

            migrationBuilder.DropColumn(
                name: "AdministratorsHandleRightsRequests",
                table: "Tenants");

            migrationBuilder.DropColumn(
                name: "AuditRetentionMonths",
                table: "Tenants");

            migrationBuilder.DropColumn(
                name: "ImportRetentionMonths",
                table: "Tenants");

            migrationBuilder.DropColumn(
                name: "NoticeRetentionMonths",
                table: "Tenants");

            migrationBuilder.DropColumn(
                name: "ReservationRetentionMonths",
                table: "Tenants");

            migrationBuilder.DropColumn(
                name: "AssigneeId",
                table: "RightsRequests");

            migrationBuilder.DropColumn(
                name: "Channel",
                table: "RightsRequests");

            migrationBuilder.DropColumn(
                name: "ClosedAtUtc",
                table: "RightsRequests");

            migrationBuilder.DropColumn(
                name: "ClosingReason",
                table: "RightsRequests");

            migrationBuilder.DropColumn(
                name: "ExtensionMonths",
                table: "RightsRequests");

            migrationBuilder.DropColumn(
                name: "ExtensionReason",
                table: "RightsRequests");

            migrationBuilder.DropColumn(
                name: "PauseReason",
                table: "RightsRequests");

            migrationBuilder.DropColumn(
                name: "PausedSeconds",
                table: "RightsRequests");

            migrationBuilder.DropColumn(
                name: "PausedSinceUtc",
                table: "RightsRequests");

            migrationBuilder.DropColumn(
                name: "Rectification",
                table: "RightsRequests");

            migrationBuilder.DropColumn(
                name: "ScanEvidence",
                table: "RightsRequests");

            migrationBuilder.DropColumn(
                name: "SubjectKind",
                table: "RightsRequests");

            migrationBuilder.DropColumn(
                name: "SubjectName",
                table: "RightsRequests");

            migrationBuilder.DropColumn(
                name: "ProcessingRestrictedSinceUtc",
                table: "Employees");

            migrationBuilder.DropColumn(
                name: "PrunedHash",
                table: "AuditChainHeads");

            migrationBuilder.DropColumn(
                name: "PrunedThrough",
                table: "AuditChainHeads");
        }
    }
}
