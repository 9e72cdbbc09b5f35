import { describe, expect, it } from "vitest";
import { app } from "./app.svelte";
import { LazyComponent } from "./lazy.svelte";

const component = (() => null) as never;

describe("LazyComponent", () => {
  it("is null until its module has loaded, then the module's component", async () => {
    const part = new LazyComponent(() => Promise.resolve({ default: component }));
    expect(part.get()).toBeNull();
    await part.preload();
    expect(part.get()).toBe(component);
  });

  it("loads its module once, however often it is asked", async () => {
    let loads = 0;
    const part = new LazyComponent(() => {
      loads += 1;
      return Promise.resolve({ default: component });
    });
    part.get();
    part.get();
    await Promise.all([part.preload(), part.preload()]);
    part.get();
    expect(loads).toBe(1);
  });

  it("shows a failed load in the banner and tries again when asked again", async () => {
    let attempts = 0;
    const failure = new Error("chunk missing");
    const part = new LazyComponent(() => {
      attempts += 1;
      return attempts === 1 ? Promise.reject(failure) : Promise.resolve({ default: component });
    });
    await part.preload();
    expect(app.banner).toBe(failure);
    expect(part.component).toBeNull();
    await part.preload();
    expect(part.component).toBe(component);
    expect(attempts).toBe(2);
  });
});
