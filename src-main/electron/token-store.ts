import { ENCRYPTED_TOKEN_KEY } from './settings-store.js';
import type { KeyValueStore } from './key-value-store.js';

/** The part of Electron's safeStorage used here. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: 'basic_text' means no keyring, i.e. a hard-coded key — no better than plain text. */
  getSelectedStorageBackend?(): string;
}

export interface TokenStore {
  readonly tokenStorage: 'keychain' | 'memory';
  read(): string | undefined;
  write(token: string | null): void;
}

/**
 * The API token: encrypted by the OS keychain (safeStorage) and stored only as base64 ciphertext. Without a usable
 * keychain it is kept in memory for this session and never written — the settings screen says so.
 */
export function createTokenStore(store: KeyValueStore, safe: SafeStorageLike): TokenStore {
  const keychain = safe.isEncryptionAvailable() && safe.getSelectedStorageBackend?.() !== 'basic_text';
  let inMemory: string | undefined;

  if (!keychain) {
    return {
      tokenStorage: 'memory',
      read: () => inMemory,
      write: (token) => {
        inMemory = token ?? undefined;
      },
    };
  }
  return {
    tokenStorage: 'keychain',
    read: () => {
      const stored = store.get(ENCRYPTED_TOKEN_KEY);
      if (typeof stored !== 'string' || stored === '') return undefined;
      try {
        return safe.decryptString(Buffer.from(stored, 'base64'));
      } catch {
        // Encrypted under another user or keychain: as good as no token; the user signs in again.
        return undefined;
      }
    },
    write: (token) => {
      if (token === null) store.delete(ENCRYPTED_TOKEN_KEY);
      else store.set(ENCRYPTED_TOKEN_KEY, safe.encryptString(token).toString('base64'));
    },
  };
}
