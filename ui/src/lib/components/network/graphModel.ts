// What the network page draws and lists, as plain data: the cytoscape elements and stylesheet of a
// NetworkGraph, the layout that suits its size, the keys of the graph's keyboard control, each
// node's strongest connections (the list's text alternative) and the summary line. Kept apart from
// the components so that unit tests can call it in Node; only types come from cytoscape here, so
// the library itself stays in the graph component's chunk.
import type {
  ConcentricLayoutOptions,
  CoseLayoutOptions,
  ElementDefinition,
  NodeSingular,
  StylesheetJson,
} from "cytoscape";
import type { NetworkEdgeKind, NetworkGraph, NetworkNode, NetworkNodeKind } from "../../api/network";

/** Fill colour of each node kind: at least 4.5:1 against white, so shapes stand out as graphics must (3:1). */
export const NODE_COLOURS: Record<NetworkNodeKind, string> = {
  person: "#1d4f91",
  organisation: "#0f6b5c",
  municipality: "#8a3b12",
};

/** Cytoscape's shape of each node kind: the kind shows by shape as well as colour. */
export const NODE_SHAPES: Record<NetworkNodeKind, "ellipse" | "round-rectangle" | "diamond"> = {
  person: "ellipse",
  organisation: "round-rectangle",
  municipality: "diamond",
};

/** Colour of each edge kind (at least 3:1 against white). */
export const EDGE_COLOURS: Record<NetworkEdgeKind, string> = {
  case: "#5b3fa8",
  event: "#a15c00",
  membership: "#3f4a57",
};

/** Line style of each edge kind: like the node shapes, the kind does not rest on colour alone. */
export const EDGE_LINES: Record<NetworkEdgeKind, "solid" | "dashed" | "dotted"> = {
  case: "solid",
  event: "dashed",
  membership: "dotted",
};

/** The text of labels: the app's dark text colour on a white backing (over 14:1). */
const LABEL_COLOUR = "#1c2530";

/** Up to this many nodes the force-directed `cose` layout is quick enough; above, `concentric`. */
export const FORCE_LAYOUT_MAX_NODES = 600;

/** Above this many elements (nodes and edges), panning and zooming draw a cheap stand-in. */
export const FLUID_VIEWPORT_MIN_ELEMENTS = 1000;

/** A node's diameter: grows with the square root of its degree, so hubs stand out without swamping. */
export function nodeSize(degree: number): number {
  return Math.round(Math.min(64, 18 + 7 * Math.sqrt(Math.max(0, degree))));
}

/** An edge's width: grows with the log of its weight (many shared cases), from 1.5 to at most 9. */
export function edgeWidth(weight: number): number {
  return Math.min(9, Math.round((1.5 + 2 * Math.log2(Math.max(1, weight))) * 10) / 10);
}

/** The id of an edge: two nodes may be joined by a case and by an event, each its own edge. */
export function edgeId(source: string, target: string, kind: NetworkEdgeKind): string {
  return `${source}~${target}~${kind}`;
}

/**
 * The most edges drawn. Thousands of lines make a tangle no one reads, and the webview draws them
 * in software, 18,000 of them for seconds on end; the strongest (the backend sends them heaviest
 * first) show the structure, and the list beside the graph names every connection.
 */
export const MAX_DRAWN_EDGES = 3000;

/** How many of a graph's edges are drawn. */
export function drawnEdges(graph: NetworkGraph): number {
  return Math.min(graph.edges.length, MAX_DRAWN_EDGES);
}

/** The cytoscape elements of a graph: its nodes and its strongest edges (whose ends are in it). */
export function buildElements(graph: NetworkGraph): ElementDefinition[] {
  const keys = new Set(graph.nodes.map((n) => n.key));
  const nodes: ElementDefinition[] = graph.nodes.map((n) => ({
    group: "nodes",
    data: { id: n.key, label: n.label, kind: n.kind, degree: n.degree, size: nodeSize(n.degree) },
    classes: n.kind,
  }));
  const edges: ElementDefinition[] = graph.edges
    .slice(0, MAX_DRAWN_EDGES)
    .filter((e) => keys.has(e.source) && keys.has(e.target) && e.source !== e.target)
    .map((e) => ({
      group: "edges",
      data: {
        id: edgeId(e.source, e.target, e.kind),
        source: e.source,
        target: e.target,
        kind: e.kind,
        weight: e.weight,
        width: edgeWidth(e.weight),
      },
      classes: e.kind,
    }));
  return [...nodes, ...edges];
}

/** The stylesheet: kind by colour and shape, size by degree, width by weight, readable labels. */
export function graphStyle(): StylesheetJson {
  const kinds = Object.keys(NODE_COLOURS) as NetworkNodeKind[];
  const edgeKinds = Object.keys(EDGE_COLOURS) as NetworkEdgeKind[];
  return [
    {
      selector: "node",
      style: {
        label: "data(label)",
        width: "data(size)",
        height: "data(size)",
        "border-width": 2,
        "border-color": "#ffffff",
        color: LABEL_COLOUR,
        "font-size": 12,
        "font-family": "DejaVu Sans, Segoe UI, Helvetica Neue, sans-serif",
        "text-valign": "bottom",
        "text-margin-y": 4,
        "text-background-color": "#ffffff",
        "text-background-opacity": 0.9,
        "text-background-padding": "2px",
        "text-background-shape": "roundrectangle",
        "text-max-width": "160px",
        "text-wrap": "ellipsis",
        // Labels of small nodes vanish when zoomed far out instead of piling up unreadably.
        "min-zoomed-font-size": 8,
      },
    },
    ...kinds.map((kind) => ({
      selector: `node.${kind}`,
      style: { "background-color": NODE_COLOURS[kind], shape: NODE_SHAPES[kind] },
    })),
    {
      selector: "edge",
      style: {
        width: "data(width)",
        "curve-style": "haystack",
        opacity: 0.75,
      },
    },
    ...edgeKinds.map((kind) => ({
      selector: `edge.${kind}`,
      // Dashed and dotted lines need bezier edges: haystack edges draw solid only.
      style: {
        "line-color": EDGE_COLOURS[kind],
        "line-style": EDGE_LINES[kind],
        ...(EDGE_LINES[kind] === "solid" ? {} : { "curve-style": "straight" as const }),
      },
    })),
    {
      selector: "node:selected",
      style: {
        "border-width": 5,
        "border-color": "#111827",
        "font-weight": "bold",
        "z-index": 10,
      },
    },
    { selector: ".faded", style: { opacity: 0.2 } },
    { selector: "edge.near", style: { opacity: 1, "z-index": 5 } },
  ];
}

/** The layout for a graph of `nodeCount` nodes: force-directed while that is quick, else rings by degree. */
export function layoutFor(nodeCount: number): CoseLayoutOptions | ConcentricLayoutOptions {
  if (nodeCount <= FORCE_LAYOUT_MAX_NODES) {
    return { name: "cose", animate: false, randomize: true, fit: true, padding: 30, nodeDimensionsIncludeLabels: false };
  }
  return {
    name: "concentric",
    animate: false,
    fit: true,
    padding: 30,
    minNodeSpacing: 8,
    concentric: (node: NodeSingular) => Number(node.data("degree")) || 0,
    // Rings of about ten degrees each, so that a large graph does not become hundreds of rings.
    levelWidth: () => 10,
  };
}

/** The renderer's options for a graph of `elementCount` elements: big graphs pan and zoom as an image. */
export function viewportOptions(elementCount: number): { hideEdgesOnViewport: boolean; textureOnViewport: boolean } {
  const big = elementCount > FLUID_VIEWPORT_MIN_ELEMENTS;
  return { hideEdgesOnViewport: big, textureOnViewport: big };
}

/** What a key pressed on the focused graph does. */
export type GraphKeyAction =
  | { kind: "pan"; x: number; y: number }
  | { kind: "zoom"; factor: number }
  | { kind: "fit" }
  | { kind: "open" };

/** The pan step of one arrow key press, in screen pixels. */
export const PAN_STEP = 60;

/**
 * The action of a key: arrows move the view that way (the drawing moves the other), `+`/`-` zoom,
 * `0` shows the whole graph, Enter opens the selected node. Null for every other key.
 */
export function keyAction(key: string): GraphKeyAction | null {
  switch (key) {
    case "ArrowLeft":
      return { kind: "pan", x: PAN_STEP, y: 0 };
    case "ArrowRight":
      return { kind: "pan", x: -PAN_STEP, y: 0 };
    case "ArrowUp":
      return { kind: "pan", x: 0, y: PAN_STEP };
    case "ArrowDown":
      return { kind: "pan", x: 0, y: -PAN_STEP };
    case "+":
    case "=":
      return { kind: "zoom", factor: 1.25 };
    case "-":
    case "_":
      return { kind: "zoom", factor: 0.8 };
    case "0":
      return { kind: "fit" };
    case "Enter":
      return { kind: "open" };
    default:
      return null;
  }
}

/** One reason two nodes are joined, with how many cases or events make it. */
export type ConnectionReason = { kind: NetworkEdgeKind; weight: number };

/** Another node a node is joined to, with all the reasons and their summed weight. */
export type Connection = { node: NetworkNode; weight: number; reasons: ConnectionReason[] };

/** One collator for every comparison: `localeCompare` with a locale may build one per call. */
const byName = new Intl.Collator("de");

/**
 * Each node's connections, strongest first (by summed weight, then name). Edges of different kinds
 * between the same two nodes make one connection with several reasons.
 */
export function connectionIndex(graph: NetworkGraph): Map<string, Connection[]> {
  const byKey = new Map(graph.nodes.map((n) => [n.key, n]));
  const joined = new Map<string, Map<string, Connection>>();
  const add = (from: string, to: NetworkNode, reason: ConnectionReason) => {
    let mine = joined.get(from);
    if (!mine) joined.set(from, (mine = new Map()));
    const c = mine.get(to.key);
    if (c) {
      c.weight += reason.weight;
      c.reasons.push(reason);
    } else {
      mine.set(to.key, { node: to, weight: reason.weight, reasons: [reason] });
    }
  };
  for (const e of graph.edges) {
    const a = byKey.get(e.source);
    const b = byKey.get(e.target);
    if (!a || !b || a === b) continue;
    add(a.key, b, { kind: e.kind, weight: e.weight });
    add(b.key, a, { kind: e.kind, weight: e.weight });
  }
  const order: Record<NetworkEdgeKind, number> = { case: 0, event: 1, membership: 2 };
  const index = new Map<string, Connection[]>();
  for (const n of graph.nodes) {
    const list = [...(joined.get(n.key)?.values() ?? [])];
    for (const c of list) c.reasons.sort((x, y) => order[x.kind] - order[y.kind]);
    list.sort((x, y) => y.weight - x.weight || byName.compare(x.node.label, y.node.label));
    index.set(n.key, list);
  }
  return index;
}

/**
 * The message (under `network.reason`) that says why two nodes are joined: a case edge to a Kommune
 * counts the cases there, between contacts the cases are shared.
 */
export function reasonKey(
  kind: NetworkEdgeKind,
  a: Pick<NetworkNode, "kind">,
  b: Pick<NetworkNode, "kind">,
): NetworkEdgeKind | "caseThere" {
  return kind === "case" && (a.kind === "municipality" || b.kind === "municipality") ? "caseThere" : kind;
}

/** How many nodes of each kind and how many edges: the summary line. */
export type GraphSummary = { people: number; organisations: number; municipalities: number; connections: number };

export function summarize(graph: NetworkGraph): GraphSummary {
  const count = (kind: NetworkNodeKind) => graph.nodes.filter((n) => n.kind === kind).length;
  return {
    people: count("person"),
    organisations: count("organisation"),
    municipalities: count("municipality"),
    connections: graph.edges.length,
  };
}

/** Whether a node has a page of its own (people and organisations do; Kommunen have none yet). */
export function hasContactPage(node: Pick<NetworkNode, "kind">): boolean {
  return node.kind !== "municipality";
}

/** Nodes whose name or detail contains `query` (case folded); all for a blank query. */
export function filterNodes(nodes: NetworkNode[], query: string): NetworkNode[] {
  const q = query.trim().toLocaleLowerCase("de");
  if (q === "") return nodes;
  return nodes.filter(
    (n) => n.label.toLocaleLowerCase("de").includes(q) || (n.detail ?? "").toLocaleLowerCase("de").includes(q),
  );
}
