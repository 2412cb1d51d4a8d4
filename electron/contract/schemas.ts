import { z } from 'zod';
import type { ChannelName, EventName } from './channels';
import { CustomerStatusSchema, CustomerWriteSchema } from './customer';
import type { CustomerPage, RotorCustomer, UpsertResult } from './customer';
import { SettingsPatchSchema } from './settings';
import type { Settings } from './settings';
import type { AccountStatus, AppInfo, Connectivity, ConnectResult, DemoStatus, QuotaState } from './state';

const none = z.undefined();

/** Rotor's ids are UUIDs; anything that could leave /customers/{id} (., .., /, %) is refused. */
export const CustomerIdSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\w:-][\w.:-]*$/, 'Not a customer id');

/** The list's `tags` query is comma-separated, so a tag holding a comma would become two. */
const TagFilterSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^,]+$/, 'A tag filter cannot contain a comma');

export const ListCustomersArgSchema = z.strictObject({
  page: z.number().int().min(1).max(1_000_000),
  limit: z.number().int().min(1).max(1000),
  search: z.string().max(200).optional(),
  status: CustomerStatusSchema.optional(),
  tags: z.array(TagFilterSchema).max(50).optional(),
  archived: z.boolean().optional(),
});
export type ListCustomersArg = z.infer<typeof ListCustomersArgSchema>;

/**
 * The account (`AccountStatus.accountId`) whose cache asked for the call. Main refuses, as data
 * (kind `account`), a call for any account but the current key's, so one company's page or change
 * never crosses into another's.
 */
export const AccountIdSchema = z.string().min(1).max(200);

/** Argument schema of every channel; main validates each call against it before any work. */
export const channelArgSchemas = {
  'app.info': none,
  'account.status': none,
  'account.connect': z.strictObject({ apiKey: z.string().trim().min(8).max(512) }),
  'account.remove': none,
  'demo.status': none,
  'demo.start': none,
  'demo.stop': none,
  'demo.setReachable': z.strictObject({ reachable: z.boolean() }),
  'customers.list': ListCustomersArgSchema.extend({ accountId: AccountIdSchema }),
  'customers.get': z.strictObject({ accountId: AccountIdSchema, id: CustomerIdSchema }),
  'customers.upsert': z.strictObject({
    accountId: AccountIdSchema,
    customer: CustomerWriteSchema,
    /** Stable for one logical change across all of its retries. */
    // It travels as an HTTP header: visible ASCII only, or fetch fails before anything is sent.
    idempotencyKey: z
      .string()
      .min(8)
      .max(200)
      .regex(/^[\x21-\x7e]+$/, 'Use visible ASCII characters only'),
  }),
  'settings.get': none,
  'settings.update': SettingsPatchSchema,
  'quota.get': none,
  'connectivity.get': none,
  'connectivity.check': none,
  'files.saveCsv': z.strictObject({
    /** What the save dialog proposes; the user picks the folder and may rename it. */
    suggestedName: z
      .string()
      .min(5)
      .max(120)
      .regex(/^[\w -]+\.csv$/, 'A plain file name ending in .csv'),
    /** The file's text: an export of the whole book is a few tens of MB at most. */
    text: z.string().max(200_000_000),
  }),
} as const satisfies Record<ChannelName, z.ZodType>;

export interface ChannelResults {
  'app.info': AppInfo;
  'account.status': AccountStatus;
  'account.connect': ConnectResult;
  'account.remove': AccountStatus;
  'demo.status': DemoStatus;
  'demo.start': AccountStatus;
  'demo.stop': AccountStatus;
  'demo.setReachable': DemoStatus;
  'customers.list': CustomerPage;
  'customers.get': RotorCustomer;
  'customers.upsert': UpsertResult;
  'settings.get': Settings;
  'settings.update': Settings;
  'quota.get': QuotaState;
  'connectivity.get': Connectivity;
  'connectivity.check': Connectivity;
  /** Where the file went, or null when the user cancelled the dialog. */
  'files.saveCsv': { path: string | null };
}

export interface EventPayloads {
  connectivity: Connectivity;
  quota: QuotaState;
  demo: DemoStatus;
  account: AccountStatus;
  settings: Settings;
}

export type ChannelArg<C extends ChannelName> = z.input<(typeof channelArgSchemas)[C]>;
export type ChannelResult<C extends ChannelName> = ChannelResults[C];
export type EventPayload<E extends EventName> = EventPayloads[E];
