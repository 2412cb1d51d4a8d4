/**
 * What can happen to the app, as fast-check commands: the user's edits, creates, discards, reloads,
 * account switches and Sync now; a colleague's edits, deletes and archives in Rotor; the network going
 * and coming back; faults, a server that ignores `page`, broken records, the quota running out, keys
 * revoked; and time passing. Each command then lets `steps` held bridge calls through, so the next one
 * lands while earlier work is still in flight.
 */
import { create, discard, edit, keys, reload, switchAccount, syncNow } from './commands-user';
import { colleague, fault, network, paging, quota, removeInRotor, spoil, step, time } from './commands-world';

/** Weighted: what users do most (edit, create, time passing) comes up most. */
export const COMMANDS = [
  edit,
  edit,
  edit,
  create,
  create,
  discard,
  network,
  network,
  colleague,
  removeInRotor,
  quota,
  time,
  time,
  keys,
  switchAccount,
  reload,
  fault,
  fault,
  paging,
  spoil,
  syncNow,
  step,
];
