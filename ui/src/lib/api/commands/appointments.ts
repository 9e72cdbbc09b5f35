// Generated from the `commands!` declarations in src-tauri/src/commands/mod.rs; do not edit.
// `UPDATE_TS_BINDINGS=1 cargo test -p beratungsplaner --lib commands` rewrites it.
// Appointments: site visits, workshops, the congress, imported events.
import { invoke } from "@tauri-apps/api/core";
import type { Appointment } from "../generated/Appointment";
import type { AppointmentInput } from "../generated/AppointmentInput";
import type { CalendarQuery } from "../generated/CalendarQuery";

export type { Appointment, AppointmentInput, CalendarQuery };

export const appointments = (query: CalendarQuery): Promise<Array<Appointment>> =>
  invoke("appointments", { query });

export const createAppointment = (input: AppointmentInput): Promise<Appointment> =>
  invoke("create_appointment", { input });

export const updateAppointment = (id: number, input: AppointmentInput): Promise<Appointment> =>
  invoke("update_appointment", { id, input });

export const cancelAppointment = (id: number): Promise<Appointment> =>
  invoke("cancel_appointment", { id });

export const deleteAppointment = (id: number): Promise<void> =>
  invoke("delete_appointment", { id });
