import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');
// electron-builder's own YAML reader and schema check (what `npm run dist` runs first), without building anything.
const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): Record<string, unknown> };
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  validateConfiguration(config: unknown, logger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util/out/DebugLogger') as {
  DebugLogger: new (enabled: boolean) => unknown;
};

describe('electron-builder.yml', () => {
  it('matches electron-builder’s schema and packages what the app needs', async () => {
    const config = yaml.load(await readFile(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as Record<
      string,
      Record<string, unknown> & unknown[]
    >;
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();

    const pkg = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { main: string };
    expect(config.extraMetadata).toEqual({ main: pkg.main });
    expect(config.directories).toMatchObject({ output: 'release' });
    expect(config.files).toEqual(expect.arrayContaining(['dist/**/*', 'package.json']));
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**/*');
    expect(config.extraResources).toBeUndefined();
    expect(config.mac).toMatchObject({ hardenedRuntime: true });
    expect(config.linux).toMatchObject({ category: 'Science' });
    expect(config.nsis).toMatchObject({ oneClick: false });
    // Updates: the generic provider (latest*.yml, app-update.yml); macOS updates install from the zip.
    expect(config.publish).toMatchObject({ provider: 'generic', url: expect.stringMatching(/^https:\/\//) });
    expect(config.mac).toMatchObject({ target: expect.arrayContaining(['dmg', 'zip']) });
  });
});
