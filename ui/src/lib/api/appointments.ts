import { invoke } from "@tauri-apps/api/core";
import type { Appointment } from "./generated/Appointment";
import type { AppointmentInput } from "./generated/AppointmentInput";
import type { AppointmentKind } from "./generated/AppointmentKind";
import type { AppointmentStatus } from "./generated/AppointmentStatus";
import type { CalendarQuery } from "./generated/CalendarQuery";

export type { Appointment, AppointmentInput, AppointmentKind, AppointmentStatus };

export const APPOINTMENT_KINDS: readonly AppointmentKind[] = ["site_visit", "workshop", "congress", "other"];

export function listAppointments(query: CalendarQuery): Promise<Appointment[]> {
  return invoke<Appointment[]>("list_appointments", { query });
}

/** Fails with code `confirm` on an overlap, unless `input.accept_overlap`. */
export function createAppointment(input: AppointmentInput): Promise<Appointment> {
  return invoke<Appointment>("create_appointment", { input });
}

/** Fails with code `confirm` on an overlap, unless `input.accept_overlap`. */
export function updateAppointment(id: number, input: AppointmentInput): Promise<Appointment> {
  return invoke<Appointment>("update_appointment", { id, input });
}

export function cancelAppointment(id: number): Promise<Appointment> {
  return invoke<Appointment>("cancel_appointment", { id });
}

/** Deletes an appointment for good; a recurring imported event with its moved occurrences. */
export function deleteAppointment(id: number): Promise<void> {
  return invoke<void>("delete_appointment", { id });
}
