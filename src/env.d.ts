/// <reference types="svelte" />
/// <reference types="vite/client" />
/// <reference path="../electron/contract/global.d.ts" />
