// What the network page was showing: the selection and the question to "Wer kennt sich aus?". Kept
// for the app's lifetime, so that coming back from a contact's page finds the network as it was left.
import type { FederalState } from "../../api/generated/FederalState";
import { type FilterForm, emptyFilterForm } from "./filterForm";

class NetworkView {
  filter = $state<FilterForm>(emptyFilterForm());
  expertTopic = $state("");
  expertState = $state<FederalState | "">("");
}

export const networkView = new NetworkView();
