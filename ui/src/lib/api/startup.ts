import { invoke } from "@tauri-apps/api/core";
import type { ErrorPayload } from "./generated/ErrorPayload";

let reported = false;

/** Why the app could not open its database, or `null` when it did. */
export function startupError(): Promise<ErrorPayload | null> {
  return invoke<ErrorPayload | null>("startup_error");
}

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
      invoke("first_paint", { view }).catch(() => {});
    }),
  );
}
