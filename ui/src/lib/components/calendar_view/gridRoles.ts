// The calendar library marks its week and month views up as an ARIA table (`.ec` role=table,
// `.ec-body` role=rowgroup, days as cells), but puts the events beside the rows, not inside cells:
// a table whose rows lack their cells is worse for a screen reader than no table at all (axe:
// aria-required-children, critical). Without the table roles the view is what it is to a screen
// reader anyway: day headings and one button per event, named by its visible text and described by
// its full sentence (day, time, state), in reading order.

const TABLE_ROLES = new Set(["table", "rowgroup", "row", "columnheader", "rowheader", "cell", "gridcell"]);
/** Attributes only a table's parts may carry. */
const TABLE_ATTRIBUTES = ["aria-colindex", "aria-rowindex", "aria-colspan", "aria-rowspan"];
const SELECTOR = ["[role]", ...TABLE_ATTRIBUTES.map((a) => `[${a}]`)].join(",");

function strip(root: Element): void {
  for (const el of [root, ...root.querySelectorAll(SELECTOR)]) {
    const role = el.getAttribute("role");
    if (role && TABLE_ROLES.has(role)) el.removeAttribute("role");
    for (const attribute of TABLE_ATTRIBUTES) el.removeAttribute(attribute);
  }
}

/** An attachment: keeps the library's table roles off everything it renders inside `node`. */
export function withoutGridRoles(node: HTMLElement): () => void {
  strip(node);
  const observer = new MutationObserver((changes) => {
    for (const change of changes) {
      if (change.type === "attributes" && change.target instanceof Element) strip(change.target);
      for (const added of change.addedNodes) if (added instanceof Element) strip(added);
    }
  });
  observer.observe(node, { subtree: true, childList: true, attributes: true, attributeFilter: ["role", ...TABLE_ATTRIBUTES] });
  return () => observer.disconnect();
}
