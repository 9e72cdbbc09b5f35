// A membership's or a role's period by month, as the contact page shows it: "seit 03/2021",
// "03/2021 – 06/2026", "bis 06/2026". The words come from i18n; this module picks which and the dates.

/** `2021-03-15` → `03/2021`; anything not ISO is returned unchanged, nothing stays "". */
export function monthYear(iso: string | null | undefined): string {
  if (!iso) return "";
  const m = /^(\d{4})-(\d{2})/.exec(iso);
  return m ? `${m[2]}/${m[1]}` : iso;
}

/** Which message shows a period, and its two ends by month. */
export type PeriodParts = { key: "since" | "range" | "until"; from: string; until: string } | null;

/** The message key and months of a period; null when neither end is known. */
export function periodParts(fromOn: string | null | undefined, untilOn: string | null | undefined): PeriodParts {
  const from = monthYear(fromOn);
  const until = monthYear(untilOn);
  if (from && until) return { key: "range", from, until };
  if (from) return { key: "since", from, until };
  if (until) return { key: "until", from, until };
  return null;
}
