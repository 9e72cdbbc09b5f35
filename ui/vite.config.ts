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

// Tauri expects a fixed port in development and serves `dist/` in production builds.
export default defineConfig({
  plugins: [svelte(), cytoscapeOnAFrozenPrototype()],
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
  },
});
