// Generated from the `commands!` declarations in src-tauri/src/commands/mod.rs; do not edit.
// `UPDATE_TS_BINDINGS=1 cargo test -p beratungsplaner --lib commands` rewrites it.
// The team server: joining it, syncing, the conflicts, leaving.
import { invoke } from "@tauri-apps/api/core";
import { channel } from "../channel";
import type { TeamConflict } from "../generated/TeamConflict";
import type { TeamConnection } from "../generated/TeamConnection";
import type { TeamDecision } from "../generated/TeamDecision";
import type { TeamProgress } from "../generated/TeamProgress";
import type { TeamStatus } from "../generated/TeamStatus";
import type { TeamSyncReport } from "../generated/TeamSyncReport";

export type { TeamConflict, TeamConnection, TeamDecision, TeamProgress, TeamStatus, TeamSyncReport };

export const teamStatus = (): Promise<TeamStatus> =>
  invoke("team_status");

export const checkTeamServer = (url: string): Promise<void> =>
  invoke("check_team_server", { url });

export const joinTeam = (url: string, user: string, password: string): Promise<TeamConnection> =>
  invoke("join_team", { url, user, password });

export const signInToTeamAgain = (password: string): Promise<void> =>
  invoke("sign_in_to_team_again", { password });

export const syncTeam = (onProgress: (message: TeamProgress) => void): Promise<TeamSyncReport> =>
  invoke("sync_team", { onProgress: channel<TeamProgress>(onProgress) });

export const teamConflicts = (): Promise<Array<TeamConflict>> =>
  invoke("team_conflicts");

export const decideTeamConflict = (kind: string, localId: number, field: string, decision: TeamDecision): Promise<void> =>
  invoke("decide_team_conflict", { kind, localId, field, decision });

export const leaveTeam = (): Promise<void> =>
  invoke("leave_team");
