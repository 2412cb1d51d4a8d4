/**
 * Settings in memory instead of conf's JSON file. Opening conf compiles its JSON schema (about 15 ms),
 * a third of a simulated run; settings are not what the simulation tests (test/main/settings does).
 * Test files use it with `vi.mock('conf', () => import('./conf-double'))`; conf's options are ignored.
 */
export default class MemoryConf {
  store: Record<string, unknown> = {};
}
