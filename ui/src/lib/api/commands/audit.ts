// Generated from the `commands!` declarations in src-tauri/src/commands/mod.rs; do not edit.
// `UPDATE_TS_BINDINGS=1 cargo test -p beratungsplaner --lib commands` rewrites it.
// The audit trail: the newest records and the check of their hash chain.
import { invoke } from "@tauri-apps/api/core";
import type { AuditRecord } from "../generated/AuditRecord";
import type { AuditVerification } from "../generated/AuditVerification";

export type { AuditRecord, AuditVerification };

export const auditTrail = (limit: number): Promise<Array<AuditRecord>> =>
  invoke("audit_trail", { limit });

export const verifyAuditTrail = (): Promise<AuditVerification> =>
  invoke("verify_audit_trail");
