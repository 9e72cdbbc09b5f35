// For the unit tests only, which run in Node without a DOM: the little of one that Observable Plot
// uses to draw into a `document` it is given (elements, attributes, text, inline style), and that
// the charts use to make bars clickable (classes, simple selectors, listeners).

const HTML = "http://www.w3.org/1999/xhtml";

class MiniStyle {
  #props = new Map<string, string>();
  setProperty(name: string, value: string): void {
    this.#props.set(name, String(value));
  }
  removeProperty(name: string): void {
    this.#props.delete(name);
  }
  getPropertyValue(name: string): string {
    return this.#props.get(name) ?? "";
  }
}

type Listener = (event: { key?: string; type: string; preventDefault: () => void }) => void;

export class MiniElement {
  readonly ownerDocument: MiniDocument;
  readonly namespaceURI: string;
  readonly localName: string;
  readonly style = new MiniStyle();
  parentNode: MiniElement | null = null;
  #children: MiniElement[] = [];
  #attributes = new Map<string, string>();
  #text = "";
  #listeners = new Map<string, Listener[]>();

  constructor(ownerDocument: MiniDocument, namespaceURI: string, localName: string) {
    this.ownerDocument = ownerDocument;
    this.namespaceURI = namespaceURI;
    this.localName = localName;
  }

  get tagName(): string {
    return this.localName;
  }
  get children(): MiniElement[] {
    return [...this.#children];
  }
  get childNodes(): MiniElement[] {
    return this.children;
  }
  get firstChild(): MiniElement | null {
    return this.#children[0] ?? null;
  }
  get textContent(): string {
    return this.#text + this.#children.map((c) => c.textContent).join("");
  }
  set textContent(value: string) {
    this.#children = [];
    this.#text = value == null ? "" : String(value);
  }
  get classList(): { contains: (name: string) => boolean } {
    const names = (this.getAttribute("class") ?? "").split(/\s+/);
    return { contains: (name: string) => names.includes(name) };
  }

  setAttribute(name: string, value: unknown): void {
    this.#attributes.set(name, String(value));
  }
  setAttributeNS(_ns: string | null, name: string, value: unknown): void {
    this.setAttribute(name, value);
  }
  getAttribute(name: string): string | null {
    return this.#attributes.get(name) ?? null;
  }
  hasAttribute(name: string): boolean {
    return this.#attributes.has(name);
  }
  removeAttribute(name: string): void {
    this.#attributes.delete(name);
  }
  removeAttributeNS(_ns: string | null, name: string): void {
    this.removeAttribute(name);
  }

  appendChild(child: MiniElement): MiniElement {
    return this.insertBefore(child, null);
  }
  append(...nodes: MiniElement[]): void {
    for (const n of nodes) this.appendChild(n);
  }
  insertBefore(child: MiniElement, next: MiniElement | null): MiniElement {
    child.parentNode?.removeChild(child);
    const at = next ? this.#children.indexOf(next) : -1;
    if (at < 0) this.#children.push(child);
    else this.#children.splice(at, 0, child);
    child.parentNode = this;
    return child;
  }
  removeChild(child: MiniElement): MiniElement {
    this.#children = this.#children.filter((c) => c !== child);
    child.parentNode = null;
    return child;
  }
  remove(): void {
    this.parentNode?.removeChild(this);
  }

  addEventListener(type: string, listener: Listener): void {
    this.#listeners.set(type, [...(this.#listeners.get(type) ?? []), listener]);
  }
  /** Calls the listeners of `type`; true unless one of them prevented the default. */
  dispatch(type: string, init: { key?: string } = {}): boolean {
    let prevented = false;
    const event = { ...init, type, preventDefault: () => (prevented = true) };
    for (const l of this.#listeners.get(type) ?? []) l(event);
    return !prevented;
  }

  /** Whether the element matches one simple selector: `tag`, `.class` or `tag.class`. */
  #matches(simple: string): boolean {
    const [tag, ...classes] = simple.split(".");
    return (tag === "" || tag === this.localName) && classes.every((c) => this.classList.contains(c));
  }

  /** Descendants matching a selector of simple selectors separated by spaces (descendant combinators). */
  querySelectorAll(selector: string): MiniElement[] {
    const parts = selector.trim().split(/\s+/);
    let scope: MiniElement[] = [this];
    for (const part of parts) {
      const next: MiniElement[] = [];
      for (const root of scope) {
        for (const d of root.#descendants()) if (d.#matches(part) && !next.includes(d)) next.push(d);
      }
      scope = next;
    }
    return scope;
  }
  querySelector(selector: string): MiniElement | null {
    return this.querySelectorAll(selector)[0] ?? null;
  }

  #descendants(): MiniElement[] {
    return this.#children.flatMap((c) => [c, ...c.#descendants()]);
  }
}

export class MiniDocument {
  readonly documentElement: MiniElement;
  constructor() {
    this.documentElement = new MiniElement(this, HTML, "html");
  }
  createElementNS(ns: string, name: string): MiniElement {
    return new MiniElement(this, ns, name);
  }
  createElement(name: string): MiniElement {
    return new MiniElement(this, HTML, name);
  }
}

/** A fresh document, typed as the DOM's for the code under test. */
export function miniDocument(): Document {
  return new MiniDocument() as unknown as Document;
}
