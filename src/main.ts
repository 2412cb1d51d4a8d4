import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { openDataStore } from '$lib/data/store/store';
import { APP_KEY, createAppState } from '$lib/state/app';
import { warmFormats } from '$lib/format/warm';

const target = document.getElementById('app');
if (!target) throw new Error('Rotor Desk: #app element missing from index.html');

document.documentElement.lang = navigator.language || 'en';

// The last account's id (a key fingerprint, not a secret): its cache opens while main answers.
const LAST_ACCOUNT = 'rotor-desk:last-account';
const lastAccount = {
  get: (): string | null => localStorage.getItem(LAST_ACCOUNT),
  set: (id: string | null): void =>
    id === null ? localStorage.removeItem(LAST_ACCOUNT) : localStorage.setItem(LAST_ACCOUNT, id),
};

const app = createAppState({ api: window.rotor, openStore: openDataStore, lastAccount });
app.nav.fromHash(location.hash);

mount(App, { target, context: new Map([[APP_KEY, app]]) });

void app.model.start();
// After the start-up calls and the cache's open are on their way: built while the page waits on them.
setTimeout(warmFormats, 0);

// Closing the cache lets another window of the same account open it without waiting for a timeout.
window.addEventListener('pagehide', () => app.model.dispose());
