import { describe, expect, it } from 'vitest';
import { BROWSER_FALLBACK_NOTICE, planLaunch } from '../../../src-main/launch/launch-plan.js';

const base = { projectRoot: '/repo', args: ['--port', '4010'], platform: 'linux' as const };

describe('npm start: which UI to open', () => {
  it('opens Electron on the project after the full build when its binary is there', () => {
    expect(
      planLaunch({
        ...base,
        electronBinary: '/repo/node_modules/electron/dist/electron',
        binaryExists: true,
      }),
    ).toEqual({
      kind: 'electron',
      build: { command: 'npm', args: ['run', 'build'], shell: false },
      binary: '/repo/node_modules/electron/dist/electron',
      electronArgs: ['/repo', '--port', '4010'],
    });
  });

  it('falls back to the browser host, with one clear line, when the binary was never downloaded', () => {
    expect(planLaunch({ ...base, electronBinary: null, binaryExists: false })).toEqual({
      kind: 'browser',
      build: { command: 'npm', args: ['run', 'build:renderer'], shell: false },
      notice: BROWSER_FALLBACK_NOTICE,
      hostArgs: ['--port', '4010'],
    });
    expect(BROWSER_FALLBACK_NOTICE).not.toContain('\n');
    // It points at the address line without containing UI_READY itself: scripts grep for exactly one such line.
    expect(BROWSER_FALLBACK_NOTICE).not.toMatch(/UI_READY/);
    expect(BROWSER_FALLBACK_NOTICE).toMatch(/address it prints/);
  });

  it('falls back too when the package names a binary that is gone', () => {
    const plan = planLaunch({ ...base, electronBinary: '/gone/electron', binaryExists: false });
    expect(plan.kind).toBe('browser');
  });

  it('runs npm through a shell on Windows (npm.cmd)', () => {
    const plan = planLaunch({ ...base, platform: 'win32', electronBinary: null, binaryExists: false });
    expect(plan.build).toEqual({ command: 'npm.cmd', args: ['run', 'build:renderer'], shell: true });
  });
});
