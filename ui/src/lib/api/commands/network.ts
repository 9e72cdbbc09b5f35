// Generated from the `commands!` declarations in src-tauri/src/commands/mod.rs; do not edit.
// `UPDATE_TS_BINDINGS=1 cargo test -p beratungsplaner --lib commands` rewrites it.
// The network: a contact's page, topics of expertise, memberships, the graph, who knows what.
import { invoke } from "@tauri-apps/api/core";
import type { ContactProfile } from "../generated/ContactProfile";
import type { Expert } from "../generated/Expert";
import type { FederalState } from "../generated/FederalState";
import type { MembershipInput } from "../generated/MembershipInput";
import type { NetworkFilter } from "../generated/NetworkFilter";
import type { NetworkGraph } from "../generated/NetworkGraph";

export type { ContactProfile, Expert, FederalState, MembershipInput, NetworkFilter, NetworkGraph };

/** A contact with their expertise, memberships, cases and events. */
export const contactProfile = (id: number): Promise<ContactProfile> =>
  invoke("contact_profile", { id });

export const setExpertise = (contactId: number, topics: Array<string>): Promise<ContactProfile> =>
  invoke("set_expertise", { contactId, topics });

/** Adds (`id` null) or changes a person's membership; returns the person's page. */
export const saveMembership = (id: number | null, input: MembershipInput): Promise<ContactProfile> =>
  invoke("save_membership", { id, input });

/** Deletes a membership entered by mistake; returns the page of `contactId`. */
export const deleteMembership = (id: number, contactId: number): Promise<ContactProfile> =>
  invoke("delete_membership", { id, contactId });

export const networkGraph = (filter: NetworkFilter): Promise<NetworkGraph> =>
  invoke("network_graph", { filter });

/** People and organisations who know `topic` (in `state`), ranked by how much they took part. */
export const whoKnows = (topic: string, state: FederalState | null): Promise<Array<Expert>> =>
  invoke("who_knows", { topic, state });
