import { describe, expect, it } from "vitest";
import { defaultScopeForm, likelyState, type ScopeChoices, toScope, withScopeKind } from "./scope";

const choices: ScopeChoices = {
  municipalities: [
    { id: 4, state: "NW" },
    { id: 2, state: "HE" },
    { id: 9, state: "HE" },
  ],
  topics: ["Teilhabe", "Wohnen"],
};

describe("toScope", () => {
  it("starts on the whole team", () => {
    expect(toScope(defaultScopeForm())).toEqual({ kind: "team" });
  });

  it("takes the second field of a Land, a Kommune or a topic", () => {
    const form = { ...defaultScopeForm(), state: "HE" as const, municipalityId: 7, topic: "Wohnen" };
    expect(toScope({ ...form, kind: "mine" })).toEqual({ kind: "mine" });
    expect(toScope({ ...form, kind: "state" })).toEqual({ kind: "state", state: "HE" });
    expect(toScope({ ...form, kind: "municipality" })).toEqual({ kind: "municipality", id: 7 });
    expect(toScope({ ...form, kind: "topic" })).toEqual({ kind: "topic", name: "Wohnen" });
  });

  it("has no scope while the second field is empty", () => {
    const form = defaultScopeForm();
    expect(toScope({ ...form, kind: "state" })).toBeNull();
    expect(toScope({ ...form, kind: "municipality" })).toBeNull();
    expect(toScope({ ...form, kind: "topic" })).toBeNull();
  });
});

describe("withScopeKind", () => {
  it("starts the second field on a likely choice", () => {
    const form = defaultScopeForm();
    expect(withScopeKind(form, "state", choices).state).toBe("HE");
    expect(withScopeKind(form, "municipality", choices).municipalityId).toBe(4);
    expect(withScopeKind(form, "topic", choices).topic).toBe("Teilhabe");
  });

  it("keeps a choice made before", () => {
    const form = { ...defaultScopeForm(), state: "BY" as const, municipalityId: 9, topic: "Wohnen" };
    expect(withScopeKind(form, "state", choices).state).toBe("BY");
    expect(withScopeKind(form, "municipality", choices).municipalityId).toBe(9);
    expect(withScopeKind(form, "topic", choices).topic).toBe("Wohnen");
  });

  it("leaves the field empty when there is nothing to choose", () => {
    const none: ScopeChoices = { municipalities: [], topics: [] };
    expect(toScope(withScopeKind(defaultScopeForm(), "municipality", none))).toBeNull();
    expect(toScope(withScopeKind(defaultScopeForm(), "topic", none))).toBeNull();
    expect(withScopeKind(defaultScopeForm(), "state", none).state).toBe("SH");
  });

  it("finds the Land of most Kommunen, the first in official order on a tie", () => {
    expect(likelyState(choices.municipalities)).toBe("HE");
    expect(likelyState([{ id: 1, state: "TH" }, { id: 2, state: "NI" }])).toBe("NI");
  });
});
