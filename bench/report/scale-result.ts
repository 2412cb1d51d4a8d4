/** One customer count's raw rounds, as the runner collects them, and the figures derived from them. */
import type { ColdFloorResult, IdbWriteResult } from '../shared/types';
import type { ColdRep } from '../scenarios/cold';
import type { ReplayRep } from '../scenarios/replay';
import type { SearchRep, SlowKeystroke } from '../scenarios/search';
import type { NetworkRep, SyncRep } from '../scenarios/sync';
import type { ProfileSummary } from '../profile';

export interface ScaleResult {
  n: number;
  /** Customers Rotor lists by default (archived excluded): what a sync downloads. */
  visible: number;
  /** Requests a full sync needs in theory: ceil(visible / page size). */
  pagesNeeded: number;
  network: NetworkRep[];
  idb: IdbWriteResult[];
  sync: SyncRep[];
  search: SearchRep[];
  /** The keystrokes with the page's CPU throttled (CPU_THROTTLE×), index only. */
  searchThrottled: SearchRep[];
  searchSlowest: SlowKeystroke[];
  /** Renderer CPU profiles of unmeasured runs (--profile). */
  profiles: ProfileSummary[];
  cold: ColdRep[];
  /** Cold start (and scroll, at the headline size) with the CPU throttled from before navigation. */
  coldThrottled: ColdRep[];
  coldFloor: ColdFloorResult[];
  /** The same floor with the same throttling, beside each throttled cold start. */
  coldFloorThrottled: ColdFloorResult[];
  replay: ReplayRep[] | null;
  seconds: number;
}

export function floorsOf(r: ScaleResult): number[] {
  return r.sync.map((_, i) => Math.max(r.network[i]?.ms ?? Number.NaN, r.idb[i]?.ms ?? Number.NaN));
}

export const heapBytes = (c: ColdRep): number => c.heap.usedSize + c.heap.backingStorageSize;

export function jsonBytes(r: ScaleResult): number {
  return r.network[0]?.jsonBytes ?? Number.NaN;
}
