// The printed and PDF dossier of a case. The commands are generated (./commands/dossier.ts); this module adds what the UI
// needs beside them.
export * from "./commands/dossier";
import type { PrintProfile } from "./generated/PrintProfile";

export const PRINT_PROFILES: readonly PrintProfile[] = ["internal", "municipality", "anonymised"];

/** An SVG page as an image address (`img-src data:` is what the CSP allows). */
export function pageImage(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
