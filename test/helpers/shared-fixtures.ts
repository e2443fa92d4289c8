import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** ../shared beside the project root: present on developer machines and CI, but the suite must pass without it. */
export const SHARED_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared');
export const FIXTURES_DIR = path.join(SHARED_DIR, 'fixtures');
export const hasSharedFixtures = existsSync(FIXTURES_DIR);
export const fixturePath = (...parts: string[]): string => path.join(FIXTURES_DIR, ...parts);
