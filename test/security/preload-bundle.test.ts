import { build } from 'esbuild';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('preload bundle', () => {
  it('requires nothing but electron and never sends raw IPC', async () => {
    // The same options as `npm run build:electron`, in memory.
    const result = await build({
      entryPoints: [path.join(ROOT, 'src-main/electron/preload.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      external: ['electron'],
      write: false,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]!.text;

    const required = [...code.matchAll(/\brequire\(\s*([^)]*)\)/g)].map((match) => match[1]);
    expect(required).toEqual(['"electron"']);
    expect(code).not.toMatch(/ipcRenderer\.send(Sync|ToHost)?\(/);
    expect(code).not.toMatch(/\beval\(|new Function\(/);
    expect(code.match(/exposeInMainWorld\(/g)).toHaveLength(1);
    expect(code).toContain('exposeInMainWorld("pathomiq"');
    // The whole bundle stays small: no zod or other runtime in the page's privileged context.
    expect(code.length).toBeLessThan(10_000);
  });
});
