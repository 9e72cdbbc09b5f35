// A form must not save while one of its date fields holds text that is no date: the bound value
// is then "" (as a native date field's is), which would save "no date" for an optional field. The
// dialog (Modal) provides this gate; every DateInput inside it registers, and the dialog asks the
// gate before it calls its onsubmit. The check also finishes typing that had no blur yet (Enter).
import { getContext, setContext } from "svelte";

export type DateEntry = {
  /** Reads the field's text into its value; false when the text is no date (the field then shows why). */
  commit: () => boolean;
  focus: () => void;
};

export type DateGate = {
  /** Registers a field; the returned function unregisters it. */
  add: (entry: DateEntry) => () => void;
  /** Commits every field; focuses the first that holds no date and returns false if there is one. */
  check: () => boolean;
};

const KEY = Symbol("date-gate");

/** Provides `gate` (a new one by default) to the calling component's children. */
export function provideDateGate(gate: DateGate = createDateGate()): DateGate {
  setContext(KEY, gate);
  return gate;
}

/** A gate over the fields that register with it, in the order they did (the form's order). */
export function createDateGate(): DateGate {
  const entries = new Set<DateEntry>();
  const gate: DateGate = {
    add(entry) {
      entries.add(entry);
      return () => entries.delete(entry);
    },
    check() {
      let first: DateEntry | null = null;
      for (const entry of entries) {
        if (!entry.commit() && !first) first = entry;
      }
      first?.focus();
      return first === null;
    },
  };
  return gate;
}

/** The gate of the enclosing form, if any. */
export function dateGate(): DateGate | undefined {
  return getContext<DateGate | undefined>(KEY);
}
