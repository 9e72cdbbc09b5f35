// Whose work the report covers, as the scope fields hold it (a kind, and the Land, Kommune or topic
// its second field chose) and as the backend takes it (a ReportScope).
import type { ReportScope } from "../../api/activity_report";
import type { FederalState } from "../../api/generated/FederalState";
import { FEDERAL_STATES } from "../../api/municipalities";

export type ScopeKind = ReportScope["kind"];

export const SCOPE_KINDS: readonly ScopeKind[] = ["mine", "team", "state", "municipality", "topic"];

/** Every kind's second field at once, so that switching back finds it as left. */
export type ScopeForm = {
  kind: ScopeKind;
  state: FederalState | "";
  municipalityId: number | null;
  topic: string;
};

/** What the second fields offer. */
export type ScopeChoices = {
  municipalities: readonly { id: number; state: FederalState }[];
  topics: readonly string[];
};

export function defaultScopeForm(): ScopeForm {
  return { kind: "team", state: "", municipalityId: null, topic: "" };
}

/** The scope; null while the Land, Kommune or topic is not chosen. */
export function toScope(form: ScopeForm): ReportScope | null {
  switch (form.kind) {
    case "mine":
    case "team":
      return { kind: form.kind };
    case "state":
      return form.state ? { kind: "state", state: form.state } : null;
    case "municipality":
      return form.municipalityId !== null ? { kind: "municipality", id: form.municipalityId } : null;
    case "topic":
      return form.topic ? { kind: "topic", name: form.topic } : null;
  }
}

/** The Land most Kommunen lie in (the first in official order on a tie); the first Land without any. */
export function likelyState(municipalities: ScopeChoices["municipalities"]): FederalState {
  const counts = new Map<FederalState, number>();
  for (const m of municipalities) counts.set(m.state, (counts.get(m.state) ?? 0) + 1);
  let best: FederalState = FEDERAL_STATES[0];
  let most = 0;
  for (const s of FEDERAL_STATES) {
    const n = counts.get(s) ?? 0;
    if (n > most) {
      best = s;
      most = n;
    }
  }
  return best;
}

/**
 * The form with another kind of scope. A second field not chosen yet starts on a likely choice
 * (the Land of most Kommunen, the first Kommune, the first topic), so that the report shows at once.
 */
export function withScopeKind(form: ScopeForm, kind: ScopeKind, choices: ScopeChoices): ScopeForm {
  const next = { ...form, kind };
  if (kind === "state" && !next.state) next.state = likelyState(choices.municipalities);
  if (kind === "municipality" && (next.municipalityId === null || !choices.municipalities.some((m) => m.id === next.municipalityId))) {
    next.municipalityId = choices.municipalities[0]?.id ?? null;
  }
  if (kind === "topic" && !choices.topics.includes(next.topic)) next.topic = choices.topics[0] ?? "";
  return next;
}
