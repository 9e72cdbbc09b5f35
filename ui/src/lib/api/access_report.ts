// Access on request (DSGVO Art. 15). The commands are generated (./commands/access_report.ts).
export * from "./commands/access_report";
export type { AccessReportFormat } from "./generated/AccessReportFormat";
export type { SavedAccessReport } from "./generated/SavedAccessReport";
