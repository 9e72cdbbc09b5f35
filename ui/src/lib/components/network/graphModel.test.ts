import cytoscape from "cytoscape";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { NetworkGraph, NetworkNode } from "../../api/network";
import {
  FLUID_VIEWPORT_MIN_ELEMENTS,
  FORCE_LAYOUT_MAX_NODES,
  MAX_DRAWN_EDGES,
  buildElements,
  drawnEdges,
  connectionIndex,
  edgeId,
  edgeWidth,
  filterNodes,
  graphStyle,
  hasContactPage,
  keyAction,
  layoutFor,
  nodeSize,
  reasonKey,
  summarize,
  viewportOptions,
} from "./graphModel";

function node(key: string, label: string, degree = 1, detail: string | null = null): NetworkNode {
  const kind = key.startsWith("p") ? "person" : key.startsWith("o") ? "organisation" : "municipality";
  return { key, kind, id: Number(key.slice(1)), label, detail, degree };
}

const graph: NetworkGraph = {
  nodes: [
    node("p1", "Anna Albers", 4, "Stadt Kassel"),
    node("p2", "Bernd Brandt", 2),
    node("p3", "Carla Conrad", 1),
    node("o7", "Quartiersbüro Nord", 2),
    node("m5", "Kassel", 2, "Hessen"),
  ],
  edges: [
    { source: "m5", target: "p1", kind: "case", weight: 3 },
    { source: "p1", target: "p2", kind: "case", weight: 2 },
    { source: "p1", target: "p2", kind: "event", weight: 1 },
    { source: "o7", target: "p1", kind: "membership", weight: 1 },
    { source: "m5", target: "p3", kind: "case", weight: 1 },
    { source: "o7", target: "p2", kind: "membership", weight: 1 },
    // An edge to a node the graph does not have is left out.
    { source: "p1", target: "p99", kind: "event", weight: 1 },
  ],
};

describe("the edges drawn", () => {
  it("are the strongest MAX_DRAWN_EDGES when there are more", () => {
    const nodes = Array.from({ length: 120 }, (_, i) => ({
      key: `p${i}`,
      kind: "person" as const,
      id: i,
      label: `Person ${i}`,
      detail: null,
      degree: 1,
    }));
    const edges = [];
    for (let a = 0; a < 120; a++)
      for (let b = a + 1; b < 120; b++) edges.push({ source: `p${a}`, target: `p${b}`, kind: "case" as const, weight: 1 });
    const graph = { nodes, edges };
    expect(edges.length).toBeGreaterThan(MAX_DRAWN_EDGES);
    expect(drawnEdges(graph)).toBe(MAX_DRAWN_EDGES);
    const drawn = buildElements(graph).filter((e) => e.group === "edges");
    expect(drawn).toHaveLength(MAX_DRAWN_EDGES);
    expect(drawn[0].data.id).toBe("p0~p1~case");
  });
});

describe("buildElements", () => {
  it("makes a node per node and an edge per edge whose ends exist", () => {
    const els = buildElements(graph);
    const nodes = els.filter((e) => e.group === "nodes");
    const edges = els.filter((e) => e.group === "edges");
    expect(nodes).toHaveLength(5);
    expect(edges).toHaveLength(6);
    expect(nodes[0]).toEqual({
      group: "nodes",
      data: { id: "p1", label: "Anna Albers", kind: "person", degree: 4, size: nodeSize(4) },
      classes: "person",
    });
    expect(edges.find((e) => e.data.id === edgeId("p1", "p2", "event"))?.data).toMatchObject({
      source: "p1",
      target: "p2",
      kind: "event",
      weight: 1,
      width: edgeWidth(1),
    });
  });

  it("keeps two kinds of edge between the same nodes apart", () => {
    const ids = buildElements(graph)
      .filter((e) => e.group === "edges")
      .map((e) => e.data.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("sizes nodes by degree and edges by weight, within bounds", () => {
    expect(nodeSize(0)).toBe(18);
    expect(nodeSize(4)).toBeGreaterThan(nodeSize(1));
    expect(nodeSize(10_000)).toBe(64);
    expect(edgeWidth(1)).toBe(1.5);
    expect(edgeWidth(4)).toBeGreaterThan(edgeWidth(2));
    expect(edgeWidth(1_000_000)).toBe(9);
  });
});

describe("the stylesheet and the elements in cytoscape", () => {
  afterEach(() => vi.restoreAllMocks());

  it("are accepted without warnings", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const cy = cytoscape({ headless: true, styleEnabled: true, elements: buildElements(graph), style: graphStyle() });
    expect(cy.nodes()).toHaveLength(5);
    expect(cy.getElementById("m5").style("shape")).toBe("diamond");
    expect(cy.getElementById("o7").style("shape")).toBe("round-rectangle");
    expect(cy.getElementById(edgeId("p1", "p2", "event")).style("line-style")).toBe("dashed");
    cy.destroy();
    expect(warn).not.toHaveBeenCalled();
    expect(error).not.toHaveBeenCalled();
  });
});

describe("layoutFor and viewportOptions", () => {
  it("lays out with cose up to the limit and by degree above it", () => {
    expect(layoutFor(10)).toMatchObject({ name: "cose", animate: false });
    expect(layoutFor(FORCE_LAYOUT_MAX_NODES)).toMatchObject({ name: "cose" });
    expect(layoutFor(FORCE_LAYOUT_MAX_NODES + 1)).toMatchObject({ name: "concentric", animate: false });
  });

  it("draws a stand-in while panning only big graphs", () => {
    expect(viewportOptions(FLUID_VIEWPORT_MIN_ELEMENTS)).toEqual({ hideEdgesOnViewport: false, textureOnViewport: false });
    expect(viewportOptions(FLUID_VIEWPORT_MIN_ELEMENTS + 1)).toEqual({ hideEdgesOnViewport: true, textureOnViewport: true });
  });
});

describe("keyAction", () => {
  it("pans the view the way of the arrow", () => {
    expect(keyAction("ArrowRight")).toEqual({ kind: "pan", x: -60, y: 0 });
    expect(keyAction("ArrowLeft")).toEqual({ kind: "pan", x: 60, y: 0 });
    expect(keyAction("ArrowDown")).toEqual({ kind: "pan", x: 0, y: -60 });
    expect(keyAction("ArrowUp")).toEqual({ kind: "pan", x: 0, y: 60 });
  });

  it("zooms, fits and opens", () => {
    expect(keyAction("+")).toEqual({ kind: "zoom", factor: 1.25 });
    expect(keyAction("=")).toEqual({ kind: "zoom", factor: 1.25 });
    expect(keyAction("-")).toEqual({ kind: "zoom", factor: 0.8 });
    expect(keyAction("0")).toEqual({ kind: "fit" });
    expect(keyAction("Enter")).toEqual({ kind: "open" });
  });

  it("leaves other keys, Tab above all, to the browser", () => {
    for (const key of ["Tab", " ", "a", "Escape"]) expect(keyAction(key)).toBeNull();
  });
});

describe("connectionIndex", () => {
  const index = connectionIndex(graph);

  it("lists a node's connections strongest first, reasons of one pair together", () => {
    const anna = index.get("p1")!;
    // Bernd and Kassel tie at 3: by name.
    expect(anna.map((c) => [c.node.key, c.weight])).toEqual([
      ["p2", 3],
      ["m5", 3],
      ["o7", 1],
    ]);
    expect(anna[0].reasons).toEqual([
      { kind: "case", weight: 2 },
      { kind: "event", weight: 1 },
    ]);
  });

  it("works both ways and orders ties by name", () => {
    expect(index.get("o7")!.map((c) => c.node.label)).toEqual(["Anna Albers", "Bernd Brandt"]);
    expect(index.get("p3")!.map((c) => c.node.key)).toEqual(["m5"]);
  });

  it("gives every node a list, empty when it has no edges", () => {
    const lonely: NetworkGraph = { nodes: [node("p9", "Dora Dietz", 0)], edges: [] };
    expect(connectionIndex(lonely).get("p9")).toEqual([]);
  });
});

describe("summarize, hasContactPage and filterNodes", () => {
  it("counts nodes by kind and the edges", () => {
    expect(summarize(graph)).toEqual({ people: 3, organisations: 1, municipalities: 1, connections: 7 });
  });

  it("knows which nodes have a page", () => {
    expect(hasContactPage({ kind: "person" })).toBe(true);
    expect(hasContactPage({ kind: "organisation" })).toBe(true);
    expect(hasContactPage({ kind: "municipality" })).toBe(false);
  });

  it("finds nodes by name or detail, case folded", () => {
    expect(filterNodes(graph.nodes, "  ").length).toBe(5);
    expect(filterNodes(graph.nodes, "kassel").map((n) => n.key)).toEqual(["p1", "m5"]);
    expect(filterNodes(graph.nodes, "HESSEN").map((n) => n.key)).toEqual(["m5"]);
  });
});

describe("reasonKey", () => {
  const person = { kind: "person" } as const;
  const kommune = { kind: "municipality" } as const;
  const organisation = { kind: "organisation" } as const;

  it("calls cases between contacts shared and cases at a Kommune cases there", () => {
    expect(reasonKey("case", person, organisation)).toBe("case");
    expect(reasonKey("case", person, kommune)).toBe("caseThere");
    expect(reasonKey("case", kommune, organisation)).toBe("caseThere");
  });

  it("keeps events and memberships as they are", () => {
    expect(reasonKey("event", person, person)).toBe("event");
    expect(reasonKey("membership", person, organisation)).toBe("membership");
  });
});
