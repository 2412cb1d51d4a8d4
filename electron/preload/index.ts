/**
 * The preload. It runs sandboxed, where only 'electron' (and a few Node polyfills) can be required, so it
 * is bundled into one CommonJS file with the contract's zod-free channel list inlined. It exposes exactly
 * one thing to the page: `window.rotor`.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createRotorSurface } from './surface';

contextBridge.exposeInMainWorld('rotor', createRotorSurface(ipcRenderer));
