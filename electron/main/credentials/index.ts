export { SERVICE } from './backend';
export type { ResolvedBackend, SecretBackend, SetTimer } from './backend';
export { createKeytarBackend, loadKeytarBackend, KEYTAR_PROBE_TIMEOUT_MS } from './keytar-backend';
export type { KeytarLike, KeytarLoad, LoadKeytarOptions } from './keytar-backend';
export { createInsecureFileBackend, createSafeStorageBackend } from './file-backends';
export type { SafeStorageOptions } from './file-backends';
export { chooseSecretBackend, createUnavailableBackend } from './choose-backend';
export { createCredentials, fingerprint, keyHint, originOf } from './credentials';
export type { CredentialStatus, Credentials } from './credentials';
