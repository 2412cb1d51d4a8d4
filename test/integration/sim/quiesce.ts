/**
 * The end of a run: the world heals (network back, faults and paging lifted, quota restored, keys
 * restored), each account the run used is opened and drained by letting virtual time pass (bounded),
 * then refreshed by hand (Sync now); the invariants are checked against what Rotor holds.
 */
import type { OutboxEntry, RefreshOutcome } from '$lib/data/types';
import { DAY, HOUR } from './clock';
import { cacheEqualsRotor, noDuplicates, scopeOf, typedChangesKept, wholeRun } from './invariants';
import type { UserModel } from './model';
import { causeContext } from './net';
import type { AccountTag, World } from './world';

/** Virtual time a drain may take: a quota pause lasts until 00:00 UTC, a retry cap until the next day. */
const DRAIN_LIMIT_MS = 3 * 24 * HOUR;
const DRAIN_STEP_MS = HOUR / 2;

export async function heal(world: World, model: UserModel): Promise<void> {
  const c = world.server.control;
  await world.settle();
  c.clearFaults();
  c.setPaging('honest');
  for (const id of model.spoiled) c.spoilRecord(id, null);
  c.resetQuota();
  world.setOffline(false);
  await world.restoreKeys();
  await world.app.api().connectivity.check();
  await world.settle();
}

/** Main refuses locally after a 429 until its hourly probe finds budget, or 00:00 UTC: time passes. */
async function waitForQuota(world: World): Promise<void> {
  for (let spent = 0; world.app.quota.exhausted && spent <= DAY; spent += 10 * 60_000)
    await world.advance(10 * 60_000);
}

/**
 * Changes waiting to be sent that nothing but time holds back. One queued behind a failed or
 * conflicting change of the same customer (its lane: a create joins the lane of the customer Rotor
 * will match it to) waits for the user's choice instead.
 */
function unblocked(world: World): OutboxEntry[] {
  const store = world.app.store;
  if (!store) return [];
  const all = store.outbox();
  const held = new Set(
    all.filter((e) => e.state === 'failed' || e.state === 'conflict').map((e) => e.customerId),
  );
  const lane = (e: OutboxEntry): string =>
    e.kind === 'create' ? (store.findUpsertMatch(e.changes)?.id ?? e.customerId) : e.customerId;
  return all.filter(
    (e) => (e.state === 'pending' || e.state === 'sending') && !held.has(e.customerId) && !held.has(lane(e)),
  );
}

/** Time passes until nothing waits to be sent (failed and conflict entries wait for the user). */
async function drain(world: World): Promise<string[]> {
  const waiting = (): number => unblocked(world).length;
  for (let spent = 0; waiting() > 0 && spent < DRAIN_LIMIT_MS; spent += DRAIN_STEP_MS) {
    if (world.app.connectivity.state !== 'online') await world.app.api().connectivity.check();
    await world.advance(DRAIN_STEP_MS);
  }
  const left = unblocked(world);
  if (left.length === 0) return [];
  const paused = world.app.store?.pausedReason();
  return [
    `${world.current}: ${left.length} change(s) still waiting after healing and ${DRAIN_LIMIT_MS / HOUR} simulated hours` +
      ` (${left.map((e) => `${e.kind} ${e.state} ${e.lastError?.kind ?? ''} next ${e.nextAttemptAt}`).join('; ')})` +
      (paused ? `, paused: ${paused.kind}` : ''),
  ];
}

async function checkAccount(world: World, model: UserModel, tag: AccountTag): Promise<string[]> {
  if (world.current !== tag && !(await world.connect(tag)))
    return [`${tag}: its key was not accepted after healing`];
  await world.settle();
  await waitForQuota(world);
  const out = await drain(world);
  // A pass keeps what was answered at or after its start (sync.ts's sweep rule): let a minute pass.
  await world.advance(60_000);
  const store = world.app.store;
  if (!store) return [...out, `${tag}: no cache open`];
  const syncNow = (): Promise<RefreshOutcome> =>
    world.until(causeContext.run('manual', () => store.fullRefresh({ manual: true })));
  await waitForQuota(world);
  // A pass resumed from before the healing shows Rotor as it was when that pass began (and keeps its
  // count of skipped records): the cache must equal Rotor after a pass that began once all was quiet.
  const quietSince = world.clock.now;
  let outcome = await syncNow();
  const fresh = (): boolean => Date.parse(store.meta().lastFullSyncAt ?? '') >= quietSince;
  if (outcome.kind === 'completed' && !fresh()) outcome = await syncNow();
  if (outcome.kind === 'completed' && !fresh())
    out.push(`${tag}: a completed Sync now did not start a new pass`);
  const scope = scopeOf(world, model.accounts[tag], tag);
  if (!scope) return [...out, `${tag}: the cache closed during the final refresh`];
  out.push(...typedChangesKept(scope), ...noDuplicates(scope));
  if (outcome.kind !== 'completed' || outcome.skipped > 0)
    out.push(`${tag}: Sync now after healing ended ${JSON.stringify(outcome)}`);
  else out.push(...cacheEqualsRotor(scope, world.app.settings.pageSize));
  return out;
}

/** Heals, drains and checks every account the run used; returns every violation found. */
export async function quiesceAndCheck(world: World, model: UserModel): Promise<string[]> {
  await heal(world, model);
  const out: string[] = [];
  const order: AccountTag[] = world.current === 'B' ? ['B', 'A'] : ['A', 'B'];
  for (const tag of order) if (model.used.has(tag)) out.push(...(await checkAccount(world, model, tag)));
  out.push(...wholeRun(world));
  return out;
}
