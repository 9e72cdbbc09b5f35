import { tick } from "svelte";

/** After a failed save: move focus to the first field marked invalid in the open dialog. */
export async function focusFirstInvalid(): Promise<void> {
  await tick();
  const field = document.querySelector<HTMLElement>('dialog[open] [aria-invalid="true"]');
  field?.focus();
}
