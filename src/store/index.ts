export { createStore, type CreateStoreOptions, type StoreHandle } from './create-store.js';
export { resolveEncryptionKey, decodeEncryptionKey, type ResolveEncryptionKeyOptions } from './encryption-key.js';
export { DecryptionError } from './encryption.js';
export { CorruptRecordError } from './repositories/context.js';
export { DEFAULT_STORE_URL, parseStoreUrl, redactUrl, type StoreLocation } from './store-url.js';
