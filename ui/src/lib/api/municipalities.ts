import { invoke } from "@tauri-apps/api/core";
import type { FederalState } from "./generated/FederalState";
import type { Municipality } from "./generated/Municipality";
import type { MunicipalityInput } from "./generated/MunicipalityInput";
import type { MunicipalityNode } from "./generated/MunicipalityNode";
import type { Neighbourhood } from "./generated/Neighbourhood";
import type { NeighbourhoodInput } from "./generated/NeighbourhoodInput";
import type { NeighbourhoodNode } from "./generated/NeighbourhoodNode";

export type {
  FederalState,
  Municipality,
  MunicipalityInput,
  MunicipalityNode,
  Neighbourhood,
  NeighbourhoodInput,
  NeighbourhoodNode,
};

/** All 16 federal states in the order of their official key (01 … 16). */
export const FEDERAL_STATES: readonly FederalState[] = [
  "SH", "HH", "NI", "HB", "NW", "HE", "RP", "BW", "BY", "SL", "BE", "BB", "MV", "SN", "ST", "TH",
];

export function municipalityTree(): Promise<MunicipalityNode[]> {
  return invoke<MunicipalityNode[]>("municipality_tree");
}

export function createMunicipality(input: MunicipalityInput): Promise<Municipality> {
  return invoke<Municipality>("create_municipality", { input });
}

export function updateMunicipality(id: number, input: MunicipalityInput): Promise<Municipality> {
  return invoke<Municipality>("update_municipality", { id, input });
}

export function createNeighbourhood(input: NeighbourhoodInput): Promise<Neighbourhood> {
  return invoke<Neighbourhood>("create_neighbourhood", { input });
}

export function updateNeighbourhood(id: number, input: NeighbourhoodInput): Promise<Neighbourhood> {
  return invoke<Neighbourhood>("update_neighbourhood", { id, input });
}
