import { describe, expect, it } from "vitest";
import { nextStates, PARTICIPANT_STATES, placesTaken } from "./events";

describe("participant states", () => {
  it("never offer a move to the same state", () => {
    for (const s of PARTICIPANT_STATES) expect(nextStates(s)).not.toContain(s);
  });

  it("mark attendance only for who had a place", () => {
    expect(nextStates("invited")).not.toContain("attended");
    expect(nextStates("waitlisted")).not.toContain("attended");
    expect(nextStates("registered")).toContain("attended");
  });

  it("count the places taken", () => {
    expect(
      placesTaken({ invited: 4, registered: 3, waitlisted: 2, cancelled: 1, attended: 5, no_show: 1 }),
    ).toBe(9);
  });
});
