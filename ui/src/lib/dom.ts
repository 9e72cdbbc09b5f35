import { tick } from "svelte";

/** After a failed save: move focus to the first field marked invalid in the open dialog. */
export async function focusFirstInvalid(): Promise<void> {
  await tick();
  const field = document.querySelector<HTMLElement>('dialog[open] [aria-invalid="true"]');
  field?.focus();
}

/**
 * Esc in an `<input type="search">` of a dialog: WebKit keeps the key for the field (it clears
 * it) and the dialog never hears of it. An empty search field passes Esc on, so the dialog closes.
 */
export function passEscapeToDialog(event: KeyboardEvent): void {
  const input = event.currentTarget as HTMLInputElement;
  if (event.key !== "Escape" || input.value !== "") return;
  const dialog = input.closest("dialog");
  if (dialog) {
    event.preventDefault();
    dialog.dispatchEvent(new Event("cancel", { cancelable: true }));
  }
}
