/**
 * One edit or create form: the draft, what changed, validation, server field errors from a failed
 * send, the tag rules Rotor imposes, and saving into the outbox.
 */
import type { EditableField, EditableFields, LocalCustomer, OutboxEntry, SaveResult } from '$lib/data/types';
import {
  addTag,
  CONTACT_ERROR,
  diffDraft,
  draftFromCustomer,
  emptyDraft,
  FIELD_ORDER,
  mapServerFieldErrors,
  newCustomerDraft,
  unknownFields,
  validateDraft,
} from './fields';
import type { Draft, DraftErrors } from './fields';

/** What the editor needs from the app model (an interface so it is testable with a fake). */
export interface EditorHost {
  readonly online: boolean;
  findUpsertMatch(fields: Pick<EditableFields, 'phone' | 'email'>): LocalCustomer | undefined;
  saveEdit(customerId: string, changes: EditableFields): Promise<SaveResult>;
  createCustomer(fields: EditableFields): Promise<SaveResult>;
}

export type EditorSave =
  | { ok: true; id: string; unchanged: boolean }
  | { ok: false; reason: 'invalid' | 'rejected'; firstField: string | null };

export class CustomerEditor {
  readonly mode: 'create' | 'edit';
  readonly customerId: string | null;
  /** Rotor's values (empty for a new customer): what is sent is the diff against these. */
  readonly initial: Draft;
  /** What the form showed when it opened (a new customer starts active): "unsaved changes" is against these. */
  readonly start: Draft;
  /** Fields Rotor never returned for this customer (blank means "unknown", not empty). */
  readonly unknown: Set<EditableField>;
  /** Tags Rotor has: an upsert can't remove them. */
  readonly serverTags: string[];

  draft = $state<Draft>(emptyDraft());
  /** Fields the user has left at least once; their errors show from then on. */
  touched = $state<Record<string, boolean>>({});
  /** A save was attempted: every error shows. */
  attempted = $state(false);
  saving = $state(false);
  /** Why the store refused the save (shown at the top of the form). */
  saveError = $state<string | null>(null);
  /** Field errors the store returned on save. */
  storeErrors = $state<Record<string, string>>({});
  /** Inline explanation after trying to remove a tag Rotor can't remove. */
  tagNotice = $state<string | null>(null);

  /** Rotor's messages from the failed send, with the values they were about. */
  readonly #server: { byField: Partial<Record<EditableField, string>>; other: string[] };
  readonly #host: EditorHost;

  constructor(host: EditorHost, customer: LocalCustomer | null, entry?: OutboxEntry) {
    this.#host = host;
    this.mode = customer ? 'edit' : 'create';
    this.customerId = customer?.id ?? null;
    this.initial = customer ? draftFromCustomer(customer) : { ...emptyDraft() };
    this.start = customer ? draftFromCustomer(customer) : newCustomerDraft();
    this.draft = structuredClone(this.start);
    this.unknown = unknownFields(customer);
    this.serverTags = customer ? [...customer.serverTags] : [];
    this.#server =
      entry?.state === 'failed' && entry.lastError?.kind === 'validation'
        ? mapServerFieldErrors(entry.lastError.fields)
        : { byField: {}, other: [] };
  }

  changes = $derived.by(() => diffDraft(this.initial, this.draft));
  /** Fields the user changed since the form opened. */
  edited = $derived.by(() => Object.keys(diffDraft(this.start, this.draft)));
  dirty = $derived(this.edited.length > 0);
  errors = $derived.by<DraftErrors>(() =>
    validateDraft(this.draft, this.mode === 'edit' ? this.initial : undefined),
  );

  /** Rotor's field errors stay until the user changes that field. */
  serverErrors = $derived.by(() => {
    const out: Partial<Record<EditableField, string>> = {};
    for (const [field, message] of Object.entries(this.#server.byField) as [EditableField, string][]) {
      if (this.#sameAsLoaded(field)) out[field] = message;
    }
    return out;
  });

  get serverMessages(): string[] {
    return this.#server.other;
  }

  /** For a new customer: the cached customer Rotor would update instead (matched by phone, then email). */
  upsertMatch = $derived.by(() => {
    if (this.mode !== 'create') return undefined;
    const phone = this.draft.phone.trim();
    const email = this.draft.email.trim();
    if (!phone && !email) return undefined;
    return this.#host.findUpsertMatch({ phone: phone || undefined, email: email || undefined });
  });

  #sameAsLoaded(field: EditableField): boolean {
    const now = this.draft[field as keyof Draft];
    const then = this.initial[field as keyof Draft];
    return JSON.stringify(now) === JSON.stringify(then);
  }

  /** The message to show on a field now, if any. */
  errorFor(field: EditableField | typeof CONTACT_ERROR): string | undefined {
    if (field !== CONTACT_ERROR) {
      const fromStore = this.storeErrors[field];
      if (fromStore) return fromStore;
      const fromServer = this.serverErrors[field];
      if (fromServer) return fromServer;
    }
    const local = this.errors[field];
    if (!local) return undefined;
    return this.attempted || this.touched[field] ? local : undefined;
  }

  touch(field: string): void {
    if (!this.touched[field]) this.touched[field] = true;
    if (this.storeErrors[field]) {
      const { [field]: _dropped, ...rest } = this.storeErrors;
      this.storeErrors = rest;
    }
  }

  addTag(raw: string): boolean {
    const next = addTag(this.draft.tags, raw);
    if (next === this.draft.tags) return false;
    this.draft.tags = next;
    this.tagNotice = null;
    return true;
  }

  /** Removes a tag the user added; a tag Rotor has stays, with the reason shown next to the tags. */
  removeTag(tag: string): boolean {
    if (this.serverTags.includes(tag)) {
      this.tagNotice = `“${tag}” stays: Rotor’s API can add tags but not remove them. Remove it in Rotor itself.`;
      return false;
    }
    this.draft.tags = this.draft.tags.filter((t) => t !== tag);
    this.tagNotice = null;
    return true;
  }

  /** Fields with a visible error, in form order, for focusing the first one. */
  #firstErrorField(): string | null {
    const order: (EditableField | typeof CONTACT_ERROR)[] = [CONTACT_ERROR, ...FIELD_ORDER];
    return order.find((f) => this.errorFor(f)) ?? null;
  }

  async save(): Promise<EditorSave> {
    this.attempted = true;
    this.saveError = null;
    if (Object.keys(this.errors).length > 0) {
      return { ok: false, reason: 'invalid', firstField: this.#firstErrorField() };
    }
    if (this.mode === 'edit' && !this.dirty && this.customerId) {
      return { ok: true, id: this.customerId, unchanged: true };
    }
    this.saving = true;
    let result: SaveResult;
    try {
      const changes = $state.snapshot(this.changes) as EditableFields;
      result =
        this.mode === 'edit' && this.customerId
          ? await this.#host.saveEdit(this.customerId, changes)
          : await this.#host.createCustomer(changes);
    } catch {
      // The store answers refusals as data; a throw means the write itself failed.
      result = {
        ok: false,
        error: {
          kind: 'storage',
          message:
            'Not saved on this computer: the change could not be written. What you typed is still here — try ' +
            'Save again. If it keeps failing, free up disk space or restart Rotor Desk.',
        },
      };
    } finally {
      this.saving = false;
    }
    if (result.ok) return { ok: true, id: result.data.id, unchanged: false };
    // The draft is left as typed: only a successful save ends the form. The store wrote the message.
    this.saveError = result.error.message;
    this.storeErrors = Object.fromEntries((result.error.fields ?? []).map((f) => [f.field, f.message]));
    return { ok: false, reason: 'rejected', firstField: this.#firstErrorField() };
  }
}
