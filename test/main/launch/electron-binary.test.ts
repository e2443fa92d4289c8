import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { electronBinaryPath, fileExists } from '../../../src-main/launch/electron-binary.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

describe('electron binary lookup', () => {
  it('reads the binary path from the electron package, and none when the package throws (download skipped)', async () => {
    const temp = await makeTempDir();
    try {
      const withBinary = await fakeElectronPackage(
        path.join(temp.dir, 'a'),
        "module.exports = '/opt/electron/electron';",
      );
      expect(electronBinaryPath(withBinary)).toBe('/opt/electron/electron');
      expect(fileExists('/opt/electron/electron')).toBe(false);
      const skipped = await fakeElectronPackage(
        path.join(temp.dir, 'b'),
        "throw new Error('Electron failed to install correctly');",
      );
      expect(electronBinaryPath(skipped)).toBeNull();
      expect(electronBinaryPath(path.join(temp.dir, 'c', 'x.js'))).toBeNull(); // no package at all
      expect(fileExists(null)).toBe(false);
      expect(fileExists(withBinary)).toBe(true);
    } finally {
      await temp.cleanup();
    }
  });
});

/** A project folder whose node_modules/electron/index.js is `body`; returns a file path to resolve from. */
async function fakeElectronPackage(dir: string, body: string): Promise<string> {
  const pkg = path.join(dir, 'node_modules', 'electron');
  await mkdir(pkg, { recursive: true });
  await writeFile(path.join(pkg, 'package.json'), JSON.stringify({ name: 'electron', main: 'index.js' }));
  await writeFile(path.join(pkg, 'index.js'), body);
  const from = path.join(dir, 'start.js');
  await writeFile(from, '');
  return from;
}
