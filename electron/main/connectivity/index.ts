export { createConnectivity, OFFLINE_CHECK_MS, OFFLINE_RAMP_MS, ONLINE_CHECK_MS } from './connectivity';
export type { ConnectivityOptions, ConnectivityService, ConnectivitySignals, SetTimer } from './connectivity';
export { createHttpProbe, PROBE_TIMEOUT_MS } from './http-probe';
