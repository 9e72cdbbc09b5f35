// A tiny runes wrapper around i18next: the current language is `$state`, and `t()` reads it,
// so every template that calls `t()` re-renders when the language changes.
import i18next, { type TOptions } from "i18next";
import type { Language } from "../api/generated/Language";
import de, { type Messages } from "./de";
import en from "./en";

/** Dotted paths to every message, with plural suffixes folded (`nav.openCases_one` → `nav.openCases`). */
type Paths<T, P extends string = ""> = {
  [K in keyof T & string]: T[K] extends string
    ? `${P}${K extends `${infer B}_${"one" | "other"}` ? B : K}`
    : Paths<T[K], `${P}${K}.`>;
}[keyof T & string];

export type MessageKey = Paths<Messages>;

export const LANGUAGES: readonly Language[] = ["de", "en"];

void i18next.init({
  lng: "de",
  fallbackLng: "de",
  supportedLngs: ["de", "en"],
  resources: { de: { translation: de }, en: { translation: en } },
  initAsync: false,
  // Svelte escapes text itself and the app never renders HTML from strings.
  interpolation: { escapeValue: false },
  returnNull: false,
});

let current = $state<Language>("de");

/** The language the UI shows. */
export function language(): Language {
  return current;
}

/** Switches the UI language (persisting it is the caller's business). */
export function setLanguage(lang: Language): void {
  current = lang;
  void i18next.changeLanguage(lang);
  if (typeof document !== "undefined") document.documentElement.lang = lang;
}

/** The message for `key` in the current language. */
export function t(key: MessageKey, opts?: TOptions): string {
  return i18next.t(key, { ...opts, lng: current }) as string;
}

/** The BCP 47 locale for number and date formatting. */
export function locale(): string {
  return current === "de" ? "de-DE" : "en-GB";
}
