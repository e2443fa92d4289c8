import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * Where the electron package says its binary is. Requiring the package returns that path, and throws when the
 * install skipped the download (no path.txt) — then there is none. `from`: where to resolve the package from.
 */
export function electronBinaryPath(from: string = import.meta.url): string | null {
  try {
    const binary: unknown = createRequire(from)('electron');
    return typeof binary === 'string' ? binary : null;
  } catch {
    return null;
  }
}

export const fileExists = (file: string | null): boolean => file !== null && existsSync(file);
