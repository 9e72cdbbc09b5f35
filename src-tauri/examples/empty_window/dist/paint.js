// Reports, as the app does (ui/src/lib/api/startup.ts), two animation frames after the heading.
requestAnimationFrame(() =>
  requestAnimationFrame(() => window.__TAURI_INTERNALS__.invoke("first_paint", { view: "empty_window", paintMs: performance.now() })),
);
