/** The part of electron-store the shell uses; tests hand in a plain object to see exactly what would be written. */
export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
}
