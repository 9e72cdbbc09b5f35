// A tiny hash router: `#/` start, `#/cases` the case list, `#/cases/42` one case, `#/calendar` the calendar.
// Hashes that do not start with `#/` (such as the skip link's) leave the route alone.

export type Route = { name: "start" } | { name: "cases" } | { name: "case"; id: number } | { name: "calendar" };

function parse(hash: string): Route | null {
  if (hash === "" || hash === "#" || hash === "#/") return { name: "start" };
  if (!hash.startsWith("#/")) return null;
  const parts = hash.slice(2).split("?")[0].split("/").filter(Boolean);
  if (parts[0] === "cases") {
    if (parts.length === 1) return { name: "cases" };
    const id = Number(parts[1]);
    if (Number.isInteger(id) && id > 0) return { name: "case", id };
  }
  if (parts[0] === "calendar") return { name: "calendar" };
  return { name: "start" };
}

class Router {
  route = $state<Route>(parse(window.location.hash) ?? { name: "start" });

  constructor() {
    window.addEventListener("hashchange", () => {
      const next = parse(window.location.hash);
      if (next) this.route = next;
    });
  }
}

export const router = new Router();

export const href = {
  start: () => "#/",
  cases: () => "#/cases",
  case: (id: number) => `#/cases/${id}`,
  calendar: () => "#/calendar",
};

export function navigate(hash: string): void {
  if (window.location.hash !== hash) window.location.hash = hash;
}
