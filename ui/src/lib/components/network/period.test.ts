import { describe, expect, it } from "vitest";
import { monthYear, periodParts } from "./period";

describe("monthYear", () => {
  it("shows a date by month and year", () => {
    expect(monthYear("2021-03-15")).toBe("03/2021");
    expect(monthYear("2026-12-01")).toBe("12/2026");
  });

  it("keeps nothing empty and anything else as it is", () => {
    expect(monthYear(null)).toBe("");
    expect(monthYear(undefined)).toBe("");
    expect(monthYear("")).toBe("");
    expect(monthYear("März 2021")).toBe("März 2021");
  });
});

describe("periodParts", () => {
  it("says since when while a period runs", () => {
    expect(periodParts("2021-03-01", null)).toEqual({ key: "since", from: "03/2021", until: "" });
  });

  it("gives both ends of a period that ended", () => {
    expect(periodParts("2021-03-01", "2026-06-30")).toEqual({ key: "range", from: "03/2021", until: "06/2026" });
  });

  it("says until when if the start is unknown", () => {
    expect(periodParts(null, "2026-06-30")).toEqual({ key: "until", from: "", until: "06/2026" });
  });

  it("has nothing to say without either end", () => {
    expect(periodParts(null, null)).toBeNull();
    expect(periodParts("", undefined)).toBeNull();
  });
});
