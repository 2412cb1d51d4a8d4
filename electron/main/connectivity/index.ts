export { createConnectivity, FIRST_RETRY_MS, MAX_RETRY_MS } from './connectivity';
export type { ConnectivityOptions, ConnectivityService, ConnectivitySignals, SetTimer } from './connectivity';
export { createHttpProbe, PROBE_TIMEOUT_MS } from './http-probe';
