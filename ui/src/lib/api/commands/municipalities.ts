// Generated from the `commands!` declarations in src-tauri/src/commands/mod.rs; do not edit.
// `UPDATE_TS_BINDINGS=1 cargo test -p beratungsplaner --lib commands` rewrites it.
// Kommunen and their Quartiere.
import { invoke } from "@tauri-apps/api/core";
import type { Municipality } from "../generated/Municipality";
import type { MunicipalityInput } from "../generated/MunicipalityInput";
import type { MunicipalityNode } from "../generated/MunicipalityNode";
import type { Neighbourhood } from "../generated/Neighbourhood";
import type { NeighbourhoodInput } from "../generated/NeighbourhoodInput";

export type { Municipality, MunicipalityInput, MunicipalityNode, Neighbourhood, NeighbourhoodInput };

export const municipalityTree = (): Promise<Array<MunicipalityNode>> =>
  invoke("municipality_tree");

export const createMunicipality = (input: MunicipalityInput): Promise<Municipality> =>
  invoke("create_municipality", { input });

export const updateMunicipality = (id: number, input: MunicipalityInput): Promise<Municipality> =>
  invoke("update_municipality", { id, input });

export const createNeighbourhood = (input: NeighbourhoodInput): Promise<Neighbourhood> =>
  invoke("create_neighbourhood", { input });

export const updateNeighbourhood = (id: number, input: NeighbourhoodInput): Promise<Neighbourhood> =>
  invoke("update_neighbourhood", { id, input });
