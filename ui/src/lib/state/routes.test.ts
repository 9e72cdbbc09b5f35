import { describe, expect, it } from "vitest";
import { href, parseRoute } from "./routes";

describe("parseRoute", () => {
  it("maps the empty hash and #/ to the start page", () => {
    for (const hash of ["", "#", "#/"]) expect(parseRoute(hash)).toEqual({ name: "start" });
  });

  it("maps the case list, one case and the calendar", () => {
    expect(parseRoute("#/cases")).toEqual({ name: "cases" });
    expect(parseRoute("#/cases/")).toEqual({ name: "cases" });
    expect(parseRoute("#/cases/42")).toEqual({ name: "case", id: 42 });
    expect(parseRoute("#/calendar")).toEqual({ name: "calendar" });
  });

  it("maps the events and one event", () => {
    expect(parseRoute("#/events")).toEqual({ name: "events" });
    expect(parseRoute("#/events/7")).toEqual({ name: "event", id: 7 });
    expect(parseRoute("#/events/x")).toEqual({ name: "start" });
    expect(href.event(7)).toBe("#/events/7");
  });

  it("ignores a query after the path", () => {
    expect(parseRoute("#/cases/7?tab=journal")).toEqual({ name: "case", id: 7 });
    expect(parseRoute("#/calendar?week=2026-03-09")).toEqual({ name: "calendar" });
  });

  it("leaves hashes that are no route, such as the skip link's, alone", () => {
    expect(parseRoute("#main")).toBeNull();
    expect(parseRoute("#content/cases")).toBeNull();
  });

  it("sends case ids that are not positive integers and unknown paths to the start page", () => {
    for (const hash of ["#/cases/0", "#/cases/-3", "#/cases/1.5", "#/cases/abc", "#/unknown", "#/settings/1"]) {
      expect(parseRoute(hash)).toEqual({ name: "start" });
    }
  });

  it("reads back every hash that href builds", () => {
    expect(parseRoute(href.start())).toEqual({ name: "start" });
    expect(parseRoute(href.cases())).toEqual({ name: "cases" });
    expect(parseRoute(href.case(123))).toEqual({ name: "case", id: 123 });
    expect(parseRoute(href.calendar())).toEqual({ name: "calendar" });
  });
});
