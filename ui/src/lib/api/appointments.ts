// Appointments: the commands, and the kinds an advisor may choose. The commands are generated (./commands/appointments.ts); this module adds what the UI
// needs beside them.
export * from "./commands/appointments";
import type { AppointmentKind } from "./generated/AppointmentKind";
export type { AppointmentKind } from "./generated/AppointmentKind";
export type { AppointmentStatus } from "./generated/AppointmentStatus";

export const APPOINTMENT_KINDS: readonly AppointmentKind[] = ["site_visit", "workshop", "congress", "other"];
