import { describe, expect, it } from "vitest";
import { createDateGate, type DateEntry } from "./dateGate";

/** A stand-in for a DateInput: its text is a date or not, and it records what the gate asked. */
function field(valid: boolean, log: string[], name: string): DateEntry {
  return {
    commit: () => {
      log.push(`commit ${name}`);
      return valid;
    },
    focus: () => log.push(`focus ${name}`),
  };
}

describe("createDateGate", () => {
  it("lets a form without date fields save", () => {
    expect(createDateGate().check()).toBe(true);
  });

  it("commits every field and lets the form save when all hold a date or nothing", () => {
    const log: string[] = [];
    const gate = createDateGate();
    gate.add(field(true, log, "a"));
    gate.add(field(true, log, "b"));
    expect(gate.check()).toBe(true);
    expect(log).toEqual(["commit a", "commit b"]);
  });

  it("refuses, commits all (so each shows its message) and focuses the first field that holds no date", () => {
    const log: string[] = [];
    const gate = createDateGate();
    gate.add(field(true, log, "a"));
    gate.add(field(false, log, "b"));
    gate.add(field(false, log, "c"));
    expect(gate.check()).toBe(false);
    expect(log).toEqual(["commit a", "commit b", "commit c", "focus b"]);
  });

  it("forgets a field that is gone", () => {
    const log: string[] = [];
    const gate = createDateGate();
    const remove = gate.add(field(false, log, "a"));
    remove();
    expect(gate.check()).toBe(true);
    expect(log).toEqual([]);
  });
});
