import { describe, expect, it } from "vitest";
import { placesTaken } from "./events";

describe("participant counts", () => {
  it("count the places taken", () => {
    expect(
      placesTaken({ invited: 4, registered: 3, waitlisted: 2, cancelled: 1, attended: 5, no_show: 1 }),
    ).toBe(9);
  });
});
