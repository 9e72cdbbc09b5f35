// The network's selection as the filter fields hold it (text, "" for none) and as the backend takes
// it (a NetworkFilter, null for none).
import type { FederalState } from "../../api/generated/FederalState";
import type { NetworkFilter } from "../../api/network";
import { blankToNull } from "../../format";

export type FilterForm = { topic: string; state: FederalState | ""; fromOn: string; untilOn: string };

export function emptyFilterForm(): FilterForm {
  return { topic: "", state: "", fromOn: "", untilOn: "" };
}

export function toFilter(form: FilterForm): NetworkFilter {
  return {
    topic: blankToNull(form.topic),
    state: form.state || null,
    from_on: blankToNull(form.fromOn),
    until_on: blankToNull(form.untilOn),
  };
}
