// The calendar library marks its views up as an ARIA table (`.ec` role=table, `.ec-body`
// role=rowgroup, days as cells) or list, but puts the events beside the rows, not inside cells: a
// table whose rows lack their cells is worse for a screen reader than no table at all (axe:
// aria-required-children, critical). Without those roles the view is what it is to a screen reader
// anyway: day headings and one button per event, named by its visible text and described by its
// full sentence (day, time, state), in reading order. The part that scrolls (`.ec-main`, the hours
// of the week) is a named, focusable region, so that it scrolls with the keyboard even when no
// event inside it takes the focus (WCAG 2.1.1).

const LIBRARY_ROLES = new Set(["table", "rowgroup", "row", "columnheader", "rowheader", "cell", "gridcell", "list", "listitem"]);
/** Attributes only a table's parts may carry. */
const TABLE_ATTRIBUTES = ["aria-colindex", "aria-rowindex", "aria-colspan", "aria-rowspan"];
const SELECTOR = ["[role]", ...TABLE_ATTRIBUTES.map((a) => `[${a}]`)].join(",");

/** `root` itself when it matches `selector`, and every descendant that does. */
function matching(root: Element, selector: string): Element[] {
  return [...(root.matches(selector) ? [root] : []), ...root.querySelectorAll(selector)];
}

function mend(root: Element, scrollLabel: string): void {
  for (const el of matching(root, SELECTOR)) {
    const role = el.getAttribute("role");
    if (role && LIBRARY_ROLES.has(role)) el.removeAttribute("role");
    for (const attribute of TABLE_ATTRIBUTES) el.removeAttribute(attribute);
  }
  for (const el of matching(root, ".ec-main:not([role=region])")) {
    el.setAttribute("role", "region");
    el.setAttribute("aria-label", scrollLabel);
    el.setAttribute("tabindex", "0");
  }
}

/**
 * An attachment: keeps the library's table and list roles off everything it renders inside the
 * node, and makes its scrolling part a focusable region named `scrollLabel`.
 */
export function mendCalendarRoles(scrollLabel: string): (node: HTMLElement) => () => void {
  return (node) => {
    mend(node, scrollLabel);
    const observer = new MutationObserver((changes) => {
      for (const change of changes) {
        if (change.type === "attributes" && change.target instanceof Element) mend(change.target, scrollLabel);
        for (const added of change.addedNodes) if (added instanceof Element) mend(added, scrollLabel);
      }
    });
    observer.observe(node, { subtree: true, childList: true, attributes: true, attributeFilter: ["role", ...TABLE_ATTRIBUTES] });
    return () => observer.disconnect();
  };
}
