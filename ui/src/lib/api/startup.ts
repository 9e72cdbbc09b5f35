// Start-up. The commands are generated (./commands/startup.ts); this module adds what the UI
// needs beside them.
export * from "./commands/startup";
import { firstPaint } from "./commands/startup";
import type { ErrorPayload } from "./generated/ErrorPayload";

/** What the app asks for before it can open its database (`encryption::Locked`). */
export type Locked = {
  /** No database yet: a passphrase is chosen (twice). */
  newDatabase: boolean;
  /** The keychain works and keeps a recovery key typed now. */
  keychainWorks: boolean;
};

declare global {
  interface Window {
    /** Set by the app before the page's script runs (`StartupStatus::page_script`). */
    readonly __BERATUNGSPLANER_STARTUP_ERROR__?: ErrorPayload | null;
    readonly __BERATUNGSPLANER_LOCKED__?: Locked | null;
    readonly __BERATUNGSPLANER_RECOVERY_KEY_PENDING__?: boolean;
  }
}

/** Why the app could not open its database, or null when it did (absent in a plain browser). */
export function startupError(): ErrorPayload | null {
  return window.__BERATUNGSPLANER_STARTUP_ERROR__ ?? null;
}

/** What to ask for before the database opens, or null when it is open. */
export function lockedAtStart(): Locked | null {
  return window.__BERATUNGSPLANER_LOCKED__ ?? null;
}

/** Whether the database's recovery key still waits to be shown (true until confirmed). */
export function recoveryKeyPendingAtStart(): boolean {
  return window.__BERATUNGSPLANER_RECOVERY_KEY_PENDING__ ?? false;
}

const early = new Map<() => Promise<unknown>, Promise<unknown>>();

/**
 * Sends the first view's request as soon as the script runs (main.ts), so that the app answers it
 * while the page is being built instead of after.
 */
export function requestEarly(request: () => Promise<unknown>): void {
  const pending = request();
  pending.catch(() => {}); // handled where it is taken
  early.set(request, pending);
}

/** The answer to a request sent early, once; every later call asks afresh. */
export function takeEarly<T>(request: () => Promise<T>): Promise<T> {
  const pending = early.get(request) as Promise<T> | undefined;
  early.delete(request);
  return pending ?? request();
}

// When this module is evaluated, the bundle's script has begun to run.
const scriptStarted = performance.now();
let reported = false;
let painted: () => void = () => {};
/** Resolves once the first view with cases is painted. */
export const firstPainted = new Promise<void>((resolve) => (painted = resolve));

/**
 * Tells the app, once per run, that the first view with cases has been painted: after two animation
 * frames the browser has laid out and painted what the data produced. The app logs the time since
 * its process started (the start-up figure in the README), with the page's own moments beside it.
 */
export function reportFirstPaint(view: string): void {
  if (reported) return;
  reported = true;
  const dataArrived = performance.now();
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      firstPaint(view, scriptStarted, dataArrived, performance.now()).catch(() => {});
      painted();
    }),
  );
}
