import { describe, expect, it } from 'vitest';
import type { KeyValueStore } from '../../../src-main/electron/key-value-store.js';
import { ENCRYPTED_TOKEN_KEY } from '../../../src-main/electron/settings-store.js';
import { createTokenStore, type SafeStorageLike } from '../../../src-main/electron/token-store.js';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.secret-token-payload.signature';

/** Records every write, as electron-store would receive it. */
function recordingStore(): KeyValueStore & { writes: Array<[string, unknown]>; data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  const writes: Array<[string, unknown]> = [];
  return {
    data,
    writes,
    get: (key) => data.get(key),
    set: (key, value) => {
      writes.push([key, value]);
      data.set(key, value);
    },
    delete: (key) => {
      writes.push([key, undefined]);
      data.delete(key);
    },
  };
}

/** safeStorage stand-in: a keyed XOR so the ciphertext shares no text with the token. */
function fakeSafeStorage(available = true, backend?: string): SafeStorageLike {
  const key = 0x5a;
  return {
    isEncryptionAvailable: () => available,
    encryptString: (plain) => Buffer.from([0x01, ...Buffer.from(plain, 'utf8').map((byte) => byte ^ key)]),
    decryptString: (encrypted) => {
      if (encrypted[0] !== 0x01) throw new Error('not ours');
      return Buffer.from(encrypted.subarray(1).map((byte) => byte ^ key)).toString('utf8');
    },
    ...(backend === undefined ? {} : { getSelectedStorageBackend: () => backend }),
  };
}

const everythingWritten = (store: ReturnType<typeof recordingStore>): string =>
  JSON.stringify(store.writes) + JSON.stringify([...store.data]);

describe('token store', () => {
  it('writes only the base64 of the ciphertext, never the token', () => {
    const store = recordingStore();
    const tokens = createTokenStore(store, fakeSafeStorage());
    expect(tokens.tokenStorage).toBe('keychain');
    tokens.write(TOKEN);
    expect(store.writes).toHaveLength(1);
    const [key, value] = store.writes[0]!;
    expect(key).toBe(ENCRYPTED_TOKEN_KEY);
    expect(value).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const written = everythingWritten(store);
    expect(written).not.toContain(TOKEN);
    expect(written).not.toContain('secret-token');
    expect(Buffer.from(value as string, 'base64').toString('utf8')).not.toContain('secret');
    expect(tokens.read()).toBe(TOKEN);
  });

  it('removes the token', () => {
    const store = recordingStore();
    const tokens = createTokenStore(store, fakeSafeStorage());
    tokens.write(TOKEN);
    tokens.write(null);
    expect(store.data.has(ENCRYPTED_TOKEN_KEY)).toBe(false);
    expect(tokens.read()).toBeUndefined();
  });

  it.each([
    ['encryption unavailable', fakeSafeStorage(false)],
    ['Linux without a keyring (basic_text)', fakeSafeStorage(true, 'basic_text')],
  ])('%s: keeps the token in memory and writes nothing', (_label, safe) => {
    const store = recordingStore();
    const tokens = createTokenStore(store, safe);
    expect(tokens.tokenStorage).toBe('memory');
    tokens.write(TOKEN);
    expect(tokens.read()).toBe(TOKEN);
    expect(store.writes).toEqual([]);
    tokens.write(null);
    expect(tokens.read()).toBeUndefined();
  });

  it('a ciphertext it cannot decrypt counts as no token', () => {
    const store = recordingStore();
    store.data.set(ENCRYPTED_TOKEN_KEY, Buffer.from('garbage').toString('base64'));
    expect(createTokenStore(store, fakeSafeStorage()).read()).toBeUndefined();
    store.data.set(ENCRYPTED_TOKEN_KEY, 42);
    expect(createTokenStore(store, fakeSafeStorage()).read()).toBeUndefined();
  });
});
