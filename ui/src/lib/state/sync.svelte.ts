// The CalDAV sync as the status bar shows it. It syncs on demand, soon after the app has changes
// to send (the status is checked every 20 seconds), and every five minutes to hear of changes on
// the server. When the server cannot be reached the changes wait and the status says so.
import { type SyncProgress, type SyncReport, type SyncStatus, caldavStatus, syncCaldav } from "../api/caldav";
import { toPayload } from "../api/errors";

const CHECK_EVERY_MS = 20_000;
const FULL_SYNC_EVERY_MS = 5 * 60_000;
/** After a failed sync, wait this long before trying again on one's own. */
const RETRY_AFTER_MS = 60_000;

class SyncState {
  status = $state<SyncStatus | null>(null);
  syncing = $state(false);
  progress = $state<SyncProgress | null>(null);
  /** The last sync's failure (offline, wrong password, …) until one succeeds. */
  error = $state<unknown>(null);
  report = $state<SyncReport | null>(null);
  private lastAttempt = 0;
  private lastFull = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  /** Whether the last failure means the server could not be reached. */
  get offline(): boolean {
    return this.error !== null && toPayload(this.error).code === "offline";
  }

  async refresh(): Promise<void> {
    try {
      this.status = await caldavStatus();
    } catch {
      // The status is a convenience: the next check tries again.
    }
  }

  async syncNow(): Promise<void> {
    if (this.syncing || !this.status?.configured) return;
    this.syncing = true;
    this.progress = null;
    this.lastAttempt = Date.now();
    try {
      this.report = await syncCaldav((p) => (this.progress = p));
      this.error = null;
      this.lastFull = Date.now();
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
    if (!s?.configured || this.syncing) return;
    const now = Date.now();
    if (this.error !== null && now - this.lastAttempt < RETRY_AFTER_MS) return;
    if (s.pending > 0 || now - this.lastFull >= FULL_SYNC_EVERY_MS) await this.syncNow();
  }

  start(): void {
    if (this.timer) return;
    this.lastFull = Date.now();
    void this.refresh();
    this.timer = setInterval(() => void this.tick(), CHECK_EVERY_MS);
  }
}

export const sync = new SyncState();
