// A tiny hash router over the routes of routes.ts. Hashes that do not start with `#/` (such as the
// skip link's) leave the route alone.
import { parseRoute, type Route } from "./routes";

export type { Route };
export { href } from "./routes";

class Router {
  route = $state<Route>(parseRoute(window.location.hash) ?? { name: "start" });

  constructor() {
    window.addEventListener("hashchange", () => {
      const next = parseRoute(window.location.hash);
      if (next) this.route = next;
    });
  }
}

export const router = new Router();

export function navigate(hash: string): void {
  if (window.location.hash !== hash) window.location.hash = hash;
}
