import { describe, expect, it } from "vitest";
import { emptyFilterForm, toFilter } from "./filterForm";

describe("toFilter", () => {
  it("asks for everything when nothing is chosen", () => {
    expect(toFilter(emptyFilterForm())).toEqual({ topic: null, state: null, from_on: null, until_on: null });
  });

  it("passes what is chosen, a blank topic as none", () => {
    expect(toFilter({ topic: "  Wohnen ", state: "HE", fromOn: "2025-01-01", untilOn: "" })).toEqual({
      topic: "Wohnen",
      state: "HE",
      from_on: "2025-01-01",
      until_on: null,
    });
    expect(toFilter({ topic: "   ", state: "", fromOn: "", untilOn: "2026-06-30" }).topic).toBeNull();
  });
});
