// The team sync as the sidebar shows it. It syncs when the app starts, soon after local changes
// wait, and every two minutes to hear of the team's changes (see PeriodicSync). When the server
// cannot be reached the changes wait and the status says so.
import { type TeamProgress, type TeamStatus, type TeamSyncReport, syncTeam, teamStatus } from "../api/team";
import { toPayload } from "../api/errors";
import { app } from "./app.svelte";
import { PeriodicSync } from "./periodic_sync.svelte";

class TeamSyncState extends PeriodicSync<TeamStatus, TeamProgress, TeamSyncReport> {
  constructor() {
    super(2 * 60_000, true);
  }

  get connected(): boolean {
    return this.status?.connection != null;
  }

  /** Whether the server refused the device token: the settings ask for the password again. */
  get signedOut(): boolean {
    if (this.error === null) return false;
    const payload = toPayload(this.error);
    return payload.code === "remote" && payload.field === "password";
  }

  protected fetchStatus(): Promise<TeamStatus> {
    return teamStatus();
  }

  protected run(onProgress: (p: TeamProgress) => void): Promise<TeamSyncReport> {
    return syncTeam(onProgress);
  }

  protected active(status: TeamStatus): boolean {
    return status.connection !== null;
  }

  protected waiting(status: TeamStatus): number {
    return status.waiting;
  }

  protected afterSync(report: TeamSyncReport): void {
    // Lists, the tree and an open case show what the team changed.
    if (report.pulled > 0 || report.purged > 0) app.changed();
  }
}

export const teamSync = new TeamSyncState();
