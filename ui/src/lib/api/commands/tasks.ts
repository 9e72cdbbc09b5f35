// Generated from the `commands!` declarations in src-tauri/src/commands/mod.rs; do not edit.
// `UPDATE_TS_BINDINGS=1 cargo test -p beratungsplaner --lib commands` rewrites it.
// A case's tasks.
import { invoke } from "@tauri-apps/api/core";
import type { CaseDetail } from "../generated/CaseDetail";
import type { TaskInput } from "../generated/TaskInput";

export type { CaseDetail, TaskInput };

export const addTask = (caseId: number, input: TaskInput): Promise<CaseDetail> =>
  invoke("add_task", { caseId, input });

export const updateTask = (id: number, input: TaskInput): Promise<CaseDetail> =>
  invoke("update_task", { id, input });

export const setTaskDone = (id: number, done: boolean): Promise<CaseDetail> =>
  invoke("set_task_done", { id, done });
