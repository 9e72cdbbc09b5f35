// The routes of the hash router and how a hash maps to one, kept apart from router.svelte.ts
// (which listens on `window`) so that the mapping is plain TypeScript that unit tests can call.
// `#/` start, `#/cases` the case list, `#/cases/42` one case, `#/calendar` the calendar,
// `#/events` the events, `#/events/7` one event, `#/network` the network, `#/contacts/7` one contact's page,
// `#/report` the activity report (Auswertung).

export type Route =
  | { name: "start" }
  | { name: "cases" }
  | { name: "case"; id: number }
  | { name: "calendar" }
  | { name: "events" }
  | { name: "event"; id: number }
  | { name: "network" }
  | { name: "contact"; id: number }
  | { name: "report" };

/**
 * The route of a location hash; null for hashes that do not start with `#/` (such as the skip
 * link's `#main`), which leave the current route alone. Unknown paths fall back to the start page.
 */
export function parseRoute(hash: string): Route | null {
  if (hash === "" || hash === "#" || hash === "#/") return { name: "start" };
  if (!hash.startsWith("#/")) return null;
  const parts = hash.slice(2).split("?")[0].split("/").filter(Boolean);
  if (parts[0] === "cases") {
    if (parts.length === 1) return { name: "cases" };
    const id = Number(parts[1]);
    if (Number.isInteger(id) && id > 0) return { name: "case", id };
  }
  if (parts[0] === "calendar") return { name: "calendar" };
  if (parts[0] === "events") {
    if (parts.length === 1) return { name: "events" };
    const id = Number(parts[1]);
    if (Number.isInteger(id) && id > 0) return { name: "event", id };
  }
  if (parts[0] === "network" && parts.length === 1) return { name: "network" };
  if (parts[0] === "report" && parts.length === 1) return { name: "report" };
  if (parts[0] === "contacts" && parts.length === 2) {
    const id = Number(parts[1]);
    if (Number.isInteger(id) && id > 0) return { name: "contact", id };
  }
  return { name: "start" };
}

/** The hash of each route, the inverse of `parseRoute`. */
export const href = {
  start: () => "#/",
  cases: () => "#/cases",
  case: (id: number) => `#/cases/${id}`,
  calendar: () => "#/calendar",
  events: () => "#/events",
  event: (id: number) => `#/events/${id}`,
  network: () => "#/network",
  contact: (id: number) => `#/contacts/${id}`,
  report: () => "#/report",
};
