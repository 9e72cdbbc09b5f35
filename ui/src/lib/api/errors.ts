// Turns a rejected `invoke` into what a form shows: a message per field, in the current language,
// and a general message for everything that belongs to no field of the form.
import type { ErrorPayload } from "./generated/ErrorPayload";
import type { Language } from "./generated/Language";
import de from "../i18n/de";
import en from "../i18n/en";

const UNAVAILABLE = { de: de.errors.notAvailable, en: en.errors.notAvailable };

export type { ErrorPayload };

function isPayload(value: unknown): value is ErrorPayload {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { code?: unknown }).code === "string" &&
    typeof (value as { message?: unknown }).message === "string"
  );
}

/** Any rejection (an ErrorPayload, a string from Tauri itself, an Error) as an ErrorPayload. */
export function toPayload(error: unknown): ErrorPayload {
  if (isPayload(error)) {
    return {
      code: error.code,
      message: error.message,
      message_en: typeof error.message_en === "string" ? error.message_en : error.message,
      field: error.field ?? null,
      fields: Array.isArray(error.fields) ? error.fields : [],
    };
  }
  if (typeof window !== "undefined" && !("__TAURI_INTERNALS__" in window)) {
    // Running in a plain browser: there is no backend to talk to.
    return { code: "unavailable", message: UNAVAILABLE.de, message_en: UNAVAILABLE.en, field: null, fields: [] };
  }
  const text =
    typeof error === "string" ? error : error instanceof Error ? error.message : JSON.stringify(error);
  return { code: "internal", message: text, message_en: text, field: null, fields: [] };
}

/** What a form shows for an error. */
export type FormErrors = {
  /** Field name (as in the Rust input type) → message. */
  fields: Record<string, string>;
  /** A message not tied to a field of this form, or null. */
  general: string | null;
};

export const NO_ERRORS: FormErrors = { fields: {}, general: null };

/**
 * Splits an error into per-field messages for the fields the form has (`known`), and a general
 * message for the rest. With no `known` list every field message is kept as a field message.
 */
export function formErrors(error: unknown, lang: Language, known?: readonly string[]): FormErrors {
  if (error === null || error === undefined) return NO_ERRORS;
  const p = toPayload(error);
  const fields: Record<string, string> = {};
  const rest: string[] = [];
  const isKnown = (f: string) => !known || known.includes(f);
  for (const fe of p.fields) {
    const text = lang === "en" ? fe.en : fe.de;
    if (isKnown(fe.field)) {
      fields[fe.field] = fields[fe.field] ? `${fields[fe.field]} ${text}` : text;
    } else {
      rest.push(text);
    }
  }
  const message = lang === "en" ? p.message_en : p.message;
  if (p.fields.length === 0) {
    if (p.field && isKnown(p.field)) fields[p.field] = message;
    else rest.push(message);
  }
  return { fields, general: rest.length ? rest.join(" ") : null };
}

/** One line for a banner. */
export function errorMessage(error: unknown, lang: Language): string {
  const p = toPayload(error);
  if (p.fields.length) return p.fields.map((f) => (lang === "en" ? f.en : f.de)).join(" ");
  return lang === "en" ? p.message_en : p.message;
}

/**
 * The question of an error with code `confirm` (e.g. "overlaps Workshop Nordstadt, save anyway?"),
 * in the current language; null for every other error. The form then offers "Save anyway".
 */
export function confirmMessage(error: unknown, lang: Language): string | null {
  if (error === null || error === undefined) return null;
  const p = toPayload(error);
  if (p.code !== "confirm") return null;
  return lang === "en" ? p.message_en : p.message;
}

/**
 * An error the UI finds itself before calling the backend (say, no slot chosen), shaped like the
 * backend's so that forms show it the same way: next to `field`, in both languages.
 */
export type LocalFieldError = { field: string; message: (m: typeof de) => string };

export function localError(fields: LocalFieldError[]): ErrorPayload {
  const list = fields.map((f) => ({ field: f.field, de: f.message(de), en: f.message(en) }));
  return {
    code: "validation",
    message: list.map((f) => f.de).join(" "),
    message_en: list.map((f) => f.en).join(" "),
    field: list[0]?.field ?? null,
    fields: list,
  };
}
