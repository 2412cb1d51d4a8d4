import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { openDataStore } from '$lib/data/store/store';
import { APP_KEY, createAppState } from '$lib/state/app';

const target = document.getElementById('app');
if (!target) throw new Error('Rotor Desk: #app element missing from index.html');

document.documentElement.lang = navigator.language || 'en';

const app = createAppState({ api: window.rotor, openStore: openDataStore });
app.nav.fromHash(location.hash);

mount(App, { target, context: new Map([[APP_KEY, app]]) });

void app.model.start();

// Closing the cache lets another window of the same account open it without waiting for a timeout.
window.addEventListener('pagehide', () => app.model.dispose());
