import { afterEach, describe, expect, it, vi } from "vitest";
import de from "../i18n/de";
import en from "../i18n/en";
import { NO_ERRORS, confirmMessage, errorMessage, formErrors, localError, toPayload, type ErrorPayload } from "./errors";

const validation: ErrorPayload = {
  code: "validation",
  message: "Bitte prüfen.",
  message_en: "Please check.",
  field: "ags",
  fields: [
    { field: "ags", de: "AGS fehlt.", en: "AGS is missing." },
    { field: "name", de: "Name fehlt.", en: "Name is missing." },
    { field: "ags", de: "AGS hat 8 Ziffern.", en: "AGS has 8 digits." },
  ],
};

const conflict: ErrorPayload = {
  code: "conflict",
  message: "Der Termin ist schon vergeben.",
  message_en: "The slot is already taken.",
  field: "slot_id",
  fields: [],
};

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("toPayload", () => {
  it("keeps a backend payload and fills what an older one lacks", () => {
    expect(toPayload(validation)).toEqual(validation);
    expect(toPayload({ code: "not_found", message: "Fall nicht gefunden." })).toEqual({
      code: "not_found",
      message: "Fall nicht gefunden.",
      message_en: "Fall nicht gefunden.",
      field: null,
      fields: [],
    });
  });

  it("wraps a string or an Error from Tauri itself as internal", () => {
    expect(toPayload("command not found")).toMatchObject({ code: "internal", message: "command not found", message_en: "command not found" });
    expect(toPayload(new Error("boom"))).toMatchObject({ code: "internal", message: "boom" });
    expect(toPayload({ unexpected: 1 })).toMatchObject({ code: "internal", message: '{"unexpected":1}' });
  });

  it("says the backend is unavailable in a plain browser", () => {
    vi.stubGlobal("window", {});
    expect(toPayload("anything")).toEqual({
      code: "unavailable",
      message: de.errors.notAvailable,
      message_en: en.errors.notAvailable,
      field: null,
      fields: [],
    });
  });

  it("still reads a real payload in a plain browser", () => {
    vi.stubGlobal("window", {});
    expect(toPayload(conflict).code).toBe("conflict");
  });

  it("treats the Tauri window as having a backend", () => {
    vi.stubGlobal("window", { __TAURI_INTERNALS__: {} });
    expect(toPayload("ipc failed").code).toBe("internal");
  });
});

describe("formErrors", () => {
  it("is empty for no error", () => {
    expect(formErrors(null, "de")).toBe(NO_ERRORS);
    expect(formErrors(undefined, "en")).toBe(NO_ERRORS);
  });

  it("joins several messages for one field, in the chosen language", () => {
    expect(formErrors(validation, "de")).toEqual({
      fields: { ags: "AGS fehlt. AGS hat 8 Ziffern.", name: "Name fehlt." },
      general: null,
    });
    expect(formErrors(validation, "en").fields.ags).toBe("AGS is missing. AGS has 8 digits.");
  });

  it("moves messages of fields the form does not have into the general message", () => {
    expect(formErrors(validation, "de", ["name"])).toEqual({
      fields: { name: "Name fehlt." },
      general: "AGS fehlt. AGS hat 8 Ziffern.",
    });
  });

  it("puts a single-field error next to its field when the form has it", () => {
    expect(formErrors(conflict, "en", ["slot_id"])).toEqual({
      fields: { slot_id: "The slot is already taken." },
      general: null,
    });
    expect(formErrors(conflict, "de", ["title"])).toEqual({ fields: {}, general: "Der Termin ist schon vergeben." });
  });

  it("shows an error without a field as general", () => {
    expect(formErrors("disk full", "de")).toEqual({ fields: {}, general: "disk full" });
  });
});

describe("errorMessage", () => {
  it("lists the field messages, else the message, in the chosen language", () => {
    expect(errorMessage(validation, "de")).toBe("AGS fehlt. Name fehlt. AGS hat 8 Ziffern.");
    expect(errorMessage(conflict, "en")).toBe("The slot is already taken.");
    expect(errorMessage(conflict, "de")).toBe("Der Termin ist schon vergeben.");
  });
});

describe("confirmMessage", () => {
  const confirm: ErrorPayload = {
    code: "confirm",
    message: "Überschneidet sich mit Workshop Nordstadt. Trotzdem speichern?",
    message_en: "Overlaps Workshop Nordstadt. Save anyway?",
    field: null,
    fields: [],
  };

  it("asks the question of a confirm error only", () => {
    expect(confirmMessage(confirm, "de")).toBe(confirm.message);
    expect(confirmMessage(confirm, "en")).toBe(confirm.message_en);
    expect(confirmMessage(conflict, "de")).toBeNull();
    expect(confirmMessage(null, "de")).toBeNull();
  });
});

describe("localError", () => {
  it("builds a validation payload in both languages that forms show like the backend's", () => {
    const p = localError([
      { field: "slot_id", message: (m) => m.errors.notAvailable },
      { field: "title", message: () => "Titel fehlt." },
    ]);
    expect(p.code).toBe("validation");
    expect(p.field).toBe("slot_id");
    expect(p.fields).toEqual([
      { field: "slot_id", de: de.errors.notAvailable, en: en.errors.notAvailable },
      { field: "title", de: "Titel fehlt.", en: "Titel fehlt." },
    ]);
    expect(p.message).toBe(`${de.errors.notAvailable} Titel fehlt.`);
    expect(formErrors(p, "en", ["slot_id", "title"]).fields).toEqual({
      slot_id: en.errors.notAvailable,
      title: "Titel fehlt.",
    });
  });

  it("has no field when given none", () => {
    const p = localError([]);
    expect(p.field).toBeNull();
    expect(p.fields).toEqual([]);
  });
});
