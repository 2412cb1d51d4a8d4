import { tick } from 'svelte';
import type { WriteField } from '@contract/fields';

/**
 * Focuses a field of the customer form once it is on screen (the form's inputs are `field-<name>`),
 * for "Add phone" and the like: the person lands where they meant to type.
 */
export async function focusFormField(field: WriteField): Promise<void> {
  await tick();
  document.getElementById(`field-${field}`)?.focus();
}
