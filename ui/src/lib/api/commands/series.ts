// Generated from the `commands!` declarations in src-tauri/src/commands/mod.rs; do not edit.
// `UPDATE_TS_BINDINGS=1 cargo test -p beratungsplaner --lib commands` rewrites it.
// Consultation-hour series (Sprechstunden).
import { invoke } from "@tauri-apps/api/core";
import type { ConsultationSeries } from "../generated/ConsultationSeries";
import type { SeriesInput } from "../generated/SeriesInput";
import type { SeriesPreview } from "../generated/SeriesPreview";

export type { ConsultationSeries, SeriesInput, SeriesPreview };

export const listSeries = (): Promise<Array<ConsultationSeries>> =>
  invoke("list_series");

export const series = (id: number): Promise<ConsultationSeries> =>
  invoke("series", { id });

/** What saving `input` would bring about; `id` is the series being edited, or null for a new one. */
export const previewSeries = (id: number | null, input: SeriesInput): Promise<SeriesPreview> =>
  invoke("preview_series", { id, input });

export const createSeries = (input: SeriesInput): Promise<ConsultationSeries> =>
  invoke("create_series", { input });

/** Saves the series; bookings that lose their slot need `acceptDisplaced`. */
export const updateSeries = (id: number, input: SeriesInput, acceptDisplaced: boolean): Promise<ConsultationSeries> =>
  invoke("update_series", { id, input, acceptDisplaced });
