// What the report page was showing: the period, the scope and the advisor's own words for each
// section. Kept for the app's lifetime, so that the words survive another period or scope, and
// coming back from a case's page finds the report as it was left.
import { type ReportTexts, emptyTexts } from "../../api/activity_report";
import { todayIso } from "../../format";
import { type PeriodForm, defaultPeriodForm } from "./period";
import { type ScopeForm, defaultScopeForm } from "./scope";

class ReportView {
  period = $state<PeriodForm>(defaultPeriodForm(todayIso()));
  scope = $state<ScopeForm>(defaultScopeForm());
  texts = $state<ReportTexts>(emptyTexts());
}

export const reportView = new ReportView();
