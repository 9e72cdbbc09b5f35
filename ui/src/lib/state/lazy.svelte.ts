// Parts of the UI that the first view does not need (the calendar with its library, the case
// page, the dialogs) are separate chunks: the start page's script stays small, and its first
// paint does not wait for code and styles it does not show. Each loads on first use, and all of
// them once the first view is painted, so that a later click does not wait either.
import type { Component } from "svelte";
import { app } from "./app.svelte";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each part has its own props
type AnyComponent = Component<any>;

/** A component whose module loads on first use. */
export class LazyComponent<C extends AnyComponent> {
  /** The component, once loaded. */
  component = $state<C | null>(null);
  #load: () => Promise<{ default: C }>;
  #loading: Promise<void> | null = null;

  constructor(load: () => Promise<{ default: C }>) {
    this.#load = load;
  }

  /** The component, or null while it loads (loading begins on the first call). */
  get(): C | null {
    void this.preload();
    return this.component;
  }

  /** Loads the module unless it is loaded or loading. */
  preload(): Promise<void> {
    this.#loading ??= this.#load().then(
      (module) => {
        this.component = module.default;
      },
      (error: unknown) => {
        // Next time, try again: the banner says what failed.
        this.#loading = null;
        app.banner = error;
      },
    );
    return this.#loading;
  }
}

export const calendarPage = new LazyComponent(() => import("../components/calendar_view/CalendarPage.svelte"));
export const casePage = new LazyComponent(() => import("../components/cases/CasePage.svelte"));
export const dialogHost = new LazyComponent(() => import("../components/layout/DialogHost.svelte"));
export const eventsPage = new LazyComponent(() => import("../components/events/EventsPage.svelte"));
export const eventPage = new LazyComponent(() => import("../components/events/EventPage.svelte"));
// The network page brings cytoscape along: by far the largest chunk, loaded last.
export const networkPage = new LazyComponent(() => import("../components/network/NetworkPage.svelte"));
export const contactPage = new LazyComponent(() => import("../components/contacts/ContactPage.svelte"));
// The activity report brings Observable Plot (and its d3) along.
export const reportPage = new LazyComponent(() => import("../components/activity_report/ReportPage.svelte"));

/** Loads every lazy part, after the first view is painted. */
export function preloadAll(): void {
  for (const part of [casePage, dialogHost, calendarPage, eventsPage, eventPage, contactPage, reportPage, networkPage]) {
    void part.preload();
  }
}
