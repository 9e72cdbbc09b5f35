// App-wide state: settings, the municipality tree and lookups, the case-list filter,
// the error banner and the one dialog that may be open.
import { type CaseDetail, type CaseFilter, advisors, emptyFilter, topics } from "../api/cases";
import type { JournalEntry } from "../api/journal";
import type { Task } from "../api/tasks";
import type { Appointment } from "../api/appointments";
import type { Booking, Slot } from "../api/bookings";
import type { ConsultationSeries } from "../api/series";
import type { Contact } from "../api/contacts";
import type { ErasureTarget } from "../api/erasure";
import type { Event } from "../api/events";
import { type Municipality, type MunicipalityNode, type Neighbourhood, municipalityTree } from "../api/municipalities";
import { type Settings, saveSettings, settings } from "../api/settings";
import type { Language } from "../api/generated/Language";
import { setLanguage } from "../i18n/index.svelte";

export type DialogRequest =
  | { kind: "settings" }
  | { kind: "municipality"; municipality: Municipality | null }
  | { kind: "neighbourhood"; neighbourhood: Neighbourhood | null; municipalityId: number | null }
  | { kind: "case"; detail: CaseDetail | null; onsaved?: (d: CaseDetail) => void }
  | { kind: "journal"; caseId: number; entry: JournalEntry | null; onsaved: (d: CaseDetail) => void }
  | { kind: "task"; caseId: number; task: Task | null; onsaved: (d: CaseDetail) => void }
  | { kind: "participant"; caseId: number; onsaved: (d: CaseDetail) => void }
  | { kind: "contact"; contact: Contact; onsaved: (c: Contact) => void; onerased?: () => void }
  | { kind: "booking"; slot: Slot; onsaved: (b: Booking) => void }
  | { kind: "bookingDetails"; booking: Booking; conflicts?: string[]; rebookNow?: boolean; onsaved: () => void }
  | {
      kind: "appointment";
      appointment: Appointment | null;
      preset?: AppointmentPreset;
      onsaved: (a: Appointment) => void;
    }
  | { kind: "series"; series: ConsultationSeries | null; onsaved: (s: ConsultationSeries) => void }
  | { kind: "minutes"; booking: Booking; onsaved: (d: CaseDetail) => void }
  | { kind: "import" }
  | { kind: "conflicts" }
  | { kind: "teamConflicts" }
  | { kind: "export"; preset: ExportPreset }
  | { kind: "print"; caseId: number }
  | { kind: "erasure"; target: ErasureTarget; onerased: () => void }
  | { kind: "accessReport"; contactId: number; name: string }
  | { kind: "event"; event: Event | null; onsaved: (e: Event) => void }
  | { kind: "invite"; eventId: number; onsaved: () => void };

/** What the export dialog starts with: the calendar's Kommune filter, or the case it is opened from. */
export type ExportPreset = {
  municipalityId?: number | null;
  caseRef?: { id: number; reference: string; title: string | null; municipality: string | null } | null;
};

/** What a new appointment starts with: the day (and time) clicked, or the case it is made from. */
export type AppointmentPreset = {
  startsOn?: string;
  startTime?: string | null;
  allDay?: boolean;
  caseRef?: { id: number; reference: string; title: string | null; municipality: string | null };
  municipalityId?: number | null;
};

class AppState {
  settings = $state<Settings>({ language: "de", advisor: "" });
  tree = $state<MunicipalityNode[]>([]);
  topics = $state<string[]>([]);
  advisors = $state<string[]>([]);
  /** The case list's filter; the sidebar tree and the search box write into it. */
  filter = $state<CaseFilter>(emptyFilter());
  /** Raw error for the banner; its message is derived in the current language. */
  banner = $state<unknown>(null);
  dialog = $state<DialogRequest | null>(null);
  /** Bumped after every change, so that lists and counts reload. */
  version = $state(0);
  ready = $state(false);

  async start(): Promise<void> {
    // The tree and lookups do not depend on the settings: ask for both at once, so that the
    // sidebar arrives with the first view instead of one round trip after it.
    const lookups = this.refresh();
    try {
      const s = await settings();
      this.settings = s;
      setLanguage(s.language);
    } catch (e) {
      this.banner = e;
    }
    this.ready = true;
    await lookups;
  }

  /** Reloads the tree and the lookups (after any change). */
  async refresh(): Promise<void> {
    try {
      const [tree, topicList, advisorList] = await Promise.all([municipalityTree(), topics(), advisors()]);
      this.tree = tree;
      this.topics = topicList;
      this.advisors = advisorList;
    } catch (e) {
      this.banner = e;
    }
  }

  /** Call after saving anything: lists, counts and the start page reload. */
  changed(): void {
    this.version += 1;
    void this.refresh();
  }

  async switchLanguage(lang: Language): Promise<void> {
    setLanguage(lang);
    const previous = this.settings;
    this.settings = { ...previous, language: lang };
    try {
      this.settings = await saveSettings(this.settings);
    } catch (e) {
      this.banner = e;
    }
  }

  open(request: DialogRequest): void {
    this.dialog = request;
  }

  closeDialog(): void {
    this.dialog = null;
  }

  municipalityName(id: number | null): string {
    return this.tree.find((n) => n.municipality.id === id)?.municipality.name ?? "";
  }

  neighbourhoodName(id: number | null): string {
    for (const m of this.tree) {
      const n = m.neighbourhoods.find((x) => x.neighbourhood.id === id);
      if (n) return n.neighbourhood.name;
    }
    return "";
  }
}

export const app = new AppState();
