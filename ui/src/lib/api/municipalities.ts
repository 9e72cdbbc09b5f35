// Kommunen and their Quartiere. The commands are generated (./commands/municipalities.ts); this module adds what the UI
// needs beside them.
export * from "./commands/municipalities";
import type { FederalState } from "./generated/FederalState";
export type { FederalState } from "./generated/FederalState";
export type { NeighbourhoodNode } from "./generated/NeighbourhoodNode";

/** All 16 federal states in the order of their official key (01 … 16). */
export const FEDERAL_STATES: readonly FederalState[] = [
  "SH", "HH", "NI", "HB", "NW", "HE", "RP", "BW", "BY", "SL", "BE", "BB", "MV", "SN", "ST", "TH",
];
