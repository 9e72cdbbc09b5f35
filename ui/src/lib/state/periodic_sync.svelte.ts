// What the CalDAV sync and the team sync share: a status checked every 20 seconds, a sync soon after
// local changes wait and every few minutes otherwise to hear of the other side's changes, and after
// a failure (offline, refused) a pause of a minute before trying again on one's own.
import { toPayload } from "../api/errors";

const CHECK_EVERY_MS = 20_000;
/** After a failed sync, wait this long before trying again on one's own. */
const RETRY_AFTER_MS = 60_000;

export abstract class PeriodicSync<Status, Progress, Report> {
  status = $state<Status | null>(null);
  syncing = $state(false);
  progress = $state<Progress | null>(null);
  /** The last sync's failure (offline, wrong password, …) until one succeeds. */
  error = $state<unknown>(null);
  report = $state<Report | null>(null);
  private lastAttempt = 0;
  private lastFull = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  /** `fullEveryMs`: how often to sync with nothing waiting; `syncAtStart`: whether to sync when started. */
  constructor(
    private readonly fullEveryMs: number,
    private readonly syncAtStart: boolean,
  ) {}

  protected abstract fetchStatus(): Promise<Status>;
  protected abstract run(onProgress: (p: Progress) => void): Promise<Report>;
  /** Whether a server is set up at all. */
  protected abstract active(status: Status): boolean;
  /** Local changes not on the server yet. */
  protected abstract waiting(status: Status): number;
  /** After a sync that succeeded. */
  protected afterSync(_report: Report): void {}

  /** Whether the last failure means the server could not be reached. */
  get offline(): boolean {
    return this.error !== null && toPayload(this.error).code === "offline";
  }

  async refresh(): Promise<void> {
    try {
      this.status = await this.fetchStatus();
    } catch {
      // The status is a convenience: the next check tries again.
    }
  }

  async syncNow(): Promise<void> {
    if (this.syncing || this.status === null || !this.active(this.status)) return;
    this.syncing = true;
    this.progress = null;
    this.lastAttempt = Date.now();
    try {
      this.report = await this.run((p) => (this.progress = p));
      this.error = null;
      this.lastFull = Date.now();
      this.afterSync(this.report);
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
    if (s === null || !this.active(s) || this.syncing) return;
    const now = Date.now();
    if (this.error !== null && now - this.lastAttempt < RETRY_AFTER_MS) return;
    if (this.waiting(s) > 0 || now - this.lastFull >= this.fullEveryMs) await this.syncNow();
  }

  start(): void {
    if (this.timer) return;
    if (this.syncAtStart) {
      void this.refresh().then(() => this.syncNow());
    } else {
      this.lastFull = Date.now();
      void this.refresh();
    }
    this.timer = setInterval(() => void this.tick(), CHECK_EVERY_MS);
  }
}
