// The team sync as the sidebar shows it. It syncs on demand, soon after local changes wait (the
// status is checked every 20 seconds), and every two minutes to hear of the team's changes. When
// the server cannot be reached the changes wait and the status says so; the next try follows a
// minute later.
import { type TeamProgress, type TeamStatus, type TeamSyncReport, syncTeam, teamStatus } from "../api/team";
import { toPayload } from "../api/errors";
import { app } from "./app.svelte";

const CHECK_EVERY_MS = 20_000;
const FULL_SYNC_EVERY_MS = 2 * 60_000;
const RETRY_AFTER_MS = 60_000;

class TeamSyncState {
  status = $state<TeamStatus | null>(null);
  syncing = $state(false);
  progress = $state<TeamProgress | null>(null);
  /** The last sync's failure (offline, token refused, …) until one succeeds. */
  error = $state<unknown>(null);
  report = $state<TeamSyncReport | null>(null);
  private lastAttempt = 0;
  private lastFull = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  get connected(): boolean {
    return this.status?.connection != null;
  }

  /** Whether the last failure means the server could not be reached. */
  get offline(): boolean {
    return this.error !== null && toPayload(this.error).code === "offline";
  }

  /** Whether the server refused the device token: the settings ask for the password again. */
  get signedOut(): boolean {
    if (this.error === null) return false;
    const payload = toPayload(this.error);
    return payload.code === "remote" && payload.field === "password";
  }

  async refresh(): Promise<void> {
    try {
      this.status = await teamStatus();
    } catch {
      // The status is a convenience: the next check tries again.
    }
  }

  async syncNow(): Promise<void> {
    if (this.syncing || !this.connected) return;
    this.syncing = true;
    this.progress = null;
    this.lastAttempt = Date.now();
    try {
      this.report = await syncTeam((p) => (this.progress = p));
      this.error = null;
      this.lastFull = Date.now();
      if (this.report.pulled > 0) app.changed();
    } catch (e) {
      this.error = e;
    } finally {
      this.syncing = false;
      this.progress = null;
      await this.refresh();
    }
  }

  private async tick(): Promise<void> {
    await this.refresh();
    const s = this.status;
    if (!s?.connection || this.syncing) return;
    const now = Date.now();
    if (this.error !== null && now - this.lastAttempt < RETRY_AFTER_MS) return;
    if (s.waiting > 0 || now - this.lastFull >= FULL_SYNC_EVERY_MS) await this.syncNow();
  }

  start(): void {
    if (this.timer) return;
    void this.refresh().then(() => this.syncNow());
    this.timer = setInterval(() => void this.tick(), CHECK_EVERY_MS);
  }
}

export const teamSync = new TeamSyncState();
