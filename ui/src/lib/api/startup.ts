// Start-up. The commands are generated (./commands/startup.ts); this module adds what the UI
// needs beside them.
export * from "./commands/startup";
import { firstPaint } from "./commands/startup";

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
