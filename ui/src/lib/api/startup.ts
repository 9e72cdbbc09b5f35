// Start-up. The commands are generated (./commands/startup.ts); this module adds what the UI
// needs beside them.
export * from "./commands/startup";
import { firstPaint } from "./commands/startup";

let reported = false;

/**
 * Tells the app, once per run, that the first view with cases has been painted: after two animation
 * frames the browser has laid out and painted what the data produced. The app logs the time since
 * its process started (the start-up figure in the README).
 */
export function reportFirstPaint(view: string): void {
  if (reported) return;
  reported = true;
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      firstPaint(view).catch(() => {});
    }),
  );
}
