// The network: a contact's page (expertise, memberships, cases, events), the graph of who worked
// with whom, and "who knows X". The commands are generated (./commands/network.ts); this module adds
// what the UI needs beside them.
export * from "./commands/network";
import type { NetworkEdgeKind } from "./generated/NetworkEdgeKind";
import type { NetworkNodeKind } from "./generated/NetworkNodeKind";
export type { ContactCase } from "./generated/ContactCase";
export type { ContactEvent } from "./generated/ContactEvent";
export type { Membership } from "./generated/Membership";
export type { NetworkEdge } from "./generated/NetworkEdge";
export type { NetworkEdgeKind } from "./generated/NetworkEdgeKind";
export type { NetworkNode } from "./generated/NetworkNode";
export type { NetworkNodeKind } from "./generated/NetworkNodeKind";

/** Node kinds in the order the legend and the summary name them. */
export const NODE_KINDS: readonly NetworkNodeKind[] = ["person", "organisation", "municipality"];

/** Edge kinds in the order the legend names them. */
export const EDGE_KINDS: readonly NetworkEdgeKind[] = ["case", "event", "membership"];
