// The CalDAV sync as the status bar shows it. It syncs on demand, soon after the app has changes
// to send, and every five minutes to hear of changes on the server (see PeriodicSync). When the
// server cannot be reached the changes wait and the status says so.
import { type SyncProgress, type SyncReport, type SyncStatus, caldavStatus, syncCaldav } from "../api/caldav";
import { PeriodicSync } from "./periodic_sync.svelte";

class SyncState extends PeriodicSync<SyncStatus, SyncProgress, SyncReport> {
  constructor() {
    super(5 * 60_000, false);
  }

  protected fetchStatus(): Promise<SyncStatus> {
    return caldavStatus();
  }

  protected run(onProgress: (p: SyncProgress) => void): Promise<SyncReport> {
    return syncCaldav(onProgress);
  }

  protected active(status: SyncStatus): boolean {
    return status.configured;
  }

  protected waiting(status: SyncStatus): number {
    return status.pending;
  }
}

export const sync = new SyncState();
