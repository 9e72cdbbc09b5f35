/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// Tauri expects a fixed port in development and serves `dist/` in production builds.
export default defineConfig({
  plugins: [svelte()],
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
