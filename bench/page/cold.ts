/**
 * The cold-start floor: a page that does nothing but open the app's IndexedDB and read the first screen
 * of customers in name order — the least any app must do before it can show rows. Times are from
 * navigation start (performance.now()), like the app's own cold-start marks.
 */
import { COLD_FLOOR_DONE, MARK_MESSAGE } from '../shared/types';

/** About one screen of the list plus its overscan (src/lib/components/list/CustomerListbox.svelte). */
const FIRST_SCREEN = 50;

async function run(): Promise<void> {
  const name = new URLSearchParams(location.search).get('db');
  if (!name) throw new Error('cold.html needs ?db=<database name>');
  const t0 = performance.now();
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(name);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('open failed'));
  });
  const t1 = performance.now();
  const rows = await new Promise<unknown[]>((resolve, reject) => {
    const req = db
      .transaction('customers', 'readonly')
      .objectStore('customers')
      .index('nameKey')
      .getAll(null, FIRST_SCREEN);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('read failed'));
  });
  const doneAt = performance.now();
  db.close();
  window.__cold = { doneAt, openMs: t1 - t0, readMs: doneAt - t1, rows: rows.length };
}

run()
  .catch((error: unknown) => {
    window.__cold = { error: error instanceof Error ? error.message : String(error) };
  })
  .finally(() => console.debug(MARK_MESSAGE + COLD_FLOOR_DONE));
