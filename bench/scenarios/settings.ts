/** The bench's fixed settings: what every round of a measure runs with, and the report prints. */
export const PAGE_SIZE = 1000;
export const SYNC_LATENCY_MS = 100;
export const REPLAY_LATENCY_MS = 50;
export const REPLAY_EDITS = 200;
export const REPLAY_CONCURRENCY = 4;
export const SEARCH_PROBE_QUERY = 'smith';
/** The cheap-laptop variant of the UI measures: Chrome DevTools' CPU throttling, 4× slower. */
export const CPU_THROTTLE = 4;
