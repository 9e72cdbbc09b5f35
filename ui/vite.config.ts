/// <reference types="vitest/config" />
import { type Plugin, defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";

/**
 * Tauri freezes Object.prototype (`freezePrototype`, against prototype pollution). Assigning a
 * property that Object.prototype has then throws (the "override mistake"), and cytoscape copies
 * its selectors' `toString` onto their prototype with Object.assign. This defines those methods
 * instead of assigning them; the build fails should cytoscape's code read differently.
 */
function cytoscapeOnAFrozenPrototype(): Plugin {
  const copy = "[parse$1, matching].forEach(function (p) {\n  return extend(selfn, p);\n});";
  const define =
    "[parse$1, matching].forEach(function (p) {\n  Object.keys(p).forEach(function (k) {\n" +
    "    Object.defineProperty(selfn, k, { value: p[k], writable: true, enumerable: true, configurable: true });\n  });\n});";
  return {
    name: "cytoscape-on-a-frozen-prototype",
    transform(code, id) {
      if (!/[\\/]cytoscape[\\/]dist[\\/]cytoscape\.esm\.mjs$/.test(id)) return null;
      if (!code.includes(copy)) this.error("cytoscape's selector mixins changed: check cytoscapeOnAFrozenPrototype");
      return { code: code.replace(copy, define), map: null };
    },
  };
}

/**
 * The same mistake in d3, under Observable Plot (the activity report's charts): d3-color sets
 * `prototype.constructor` on plain objects and d3-format `FormatSpecifier.prototype.toString`, both
 * while loading, which throws with Object.prototype frozen; d3-format and d3-time-format also
 * assign `toString` to the formatters they make (functions: that throws only should
 * Function.prototype ever be frozen too). Before each such assignment this defines the property as
 * the object's own and writable, so that the assignment then succeeds as without the freeze. The
 * build fails should a module hold more or fewer of them than counted here;
 * `components/activity_report/frozenPrototype.test.ts` loads and draws a chart with the prototypes
 * frozen.
 */
const D3_OVERRIDES: Record<string, number> = { "d3-color": 1, "d3-format": 2, "d3-time-format": 4 };

function d3OnAFrozenPrototype(): Plugin {
  // A statement that assigns, at the start of its line: `<name>(.<name>)*.<property> =`.
  const assignment =
    /^([ \t]*)([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\.(constructor|toString|toLocaleString|valueOf|hasOwnProperty|isPrototypeOf|propertyIsEnumerable)[ \t]*=(?![=>])/gm;
  return {
    name: "d3-on-a-frozen-prototype",
    transform(code, id) {
      const module = /[\\/]node_modules[\\/](d3-[a-z-]+)[\\/]dist[\\/][\w.-]+\.mjs$/.exec(id)?.[1];
      if (!module) return null;
      let found = 0;
      const patched = code.replace(assignment, (statement: string, indent: string, target: string, property: string) => {
        found += 1;
        return `${indent}Object.defineProperty(${target}, "${property}", { writable: true, enumerable: true, configurable: true });\n${statement}`;
      });
      const expected = D3_OVERRIDES[module] ?? 0;
      if (found !== expected) {
        this.error(`${module} assigns a property of Object.prototype ${found} times, not ${expected}: check d3OnAFrozenPrototype`);
      }
      return found ? { code: patched, map: null } : null;
    },
  };
}

// Tauri expects a fixed port in development and serves `dist/` in production builds.
export default defineConfig({
  plugins: [svelte(), cytoscapeOnAFrozenPrototype(), d3OnAFrozenPrototype()],
  // The development server bundles dependencies ahead of time, past the plugins above: they patch
  // that bundle too.
  optimizeDeps: { rolldownOptions: { plugins: [cytoscapeOnAFrozenPrototype(), d3OnAFrozenPrototype()] } },
  clearScreen: false,
  server: {
    port: 1420,
    strictPort: true,
    watch: { ignored: ["**/src-tauri/**"] },
  },
  envPrefix: ["VITE_", "TAURI_ENV_*"],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // Inline nothing: the strict CSP blocks data: URLs for scripts and inline code.
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  // Unit tests cover the pure TypeScript of src/lib; they run in Node, without a DOM.
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
    // A machine on UTC shows times in Europe/Berlin (see format.ts): the tests pin that case.
    env: { TZ: "UTC" },
    // Through the plugins, as in the app: the test of Plot on a frozen prototype needs d3 patched.
    server: { deps: { inline: ["@observablehq/plot", /[\\/]node_modules[\\/]d3(-[a-z-]+)?[\\/]/] } },
  },
});
