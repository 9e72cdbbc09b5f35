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

  it("maps the network and one contact's page", () => {
    expect(parseRoute("#/network")).toEqual({ name: "network" });
    expect(parseRoute("#/network/")).toEqual({ name: "network" });
    expect(parseRoute("#/network?topic=Wohnen")).toEqual({ name: "network" });
    expect(parseRoute("#/contacts/7")).toEqual({ name: "contact", id: 7 });
    expect(parseRoute("#/contacts/7?tab=cases")).toEqual({ name: "contact", id: 7 });
    for (const hash of ["#/contacts", "#/contacts/0", "#/contacts/-1", "#/contacts/2.5", "#/contacts/x", "#/contacts/7/8", "#/network/3"]) {
      expect(parseRoute(hash)).toEqual({ name: "start" });
    }
    expect(href.network()).toBe("#/network");
    expect(href.contact(7)).toBe("#/contacts/7");
  });

  it("maps the activity report", () => {
    expect(parseRoute("#/report")).toEqual({ name: "report" });
    expect(parseRoute("#/report/")).toEqual({ name: "report" });
    expect(parseRoute("#/report?period=2026-Q1")).toEqual({ name: "report" });
    expect(parseRoute("#/report/2026")).toEqual({ name: "start" });
    expect(href.report()).toBe("#/report");
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
    expect(parseRoute(href.network())).toEqual({ name: "network" });
    expect(parseRoute(href.contact(42))).toEqual({ name: "contact", id: 42 });
    expect(parseRoute(href.report())).toEqual({ name: "report" });
  });
});
