export const BROWSER_FALLBACK_NOTICE =
  "Electron's binary is not installed here (ELECTRON_SKIP_BINARY_DOWNLOAD); opening the browser host instead — open the address it prints below in Chromium/Chrome/Firefox.";

export interface LaunchInput {
  /** What the electron package points at, or null when it could not say (not installed, no path.txt). */
  electronBinary: string | null;
  /** Whether that file is really there (the download may have been skipped or deleted). */
  binaryExists: boolean;
  projectRoot: string;
  /** What followed `npm start --`. */
  args: string[];
  platform: NodeJS.Platform;
}

/** A build step: npm with these arguments, its output kept off stdout. */
export interface NpmStep {
  command: string;
  args: string[];
  /** npm is a .cmd on Windows, which Node only spawns through a shell. */
  shell: boolean;
}

export type LaunchPlan =
  | { kind: 'electron'; build: NpmStep; binary: string; electronArgs: string[] }
  | { kind: 'browser'; build: NpmStep; notice: string; hostArgs: string[] };

/**
 * What `npm start` does: the desktop app where Electron can run, otherwise the same UI in a browser. Decided
 * here, without side effects, so it is testable on machines of either kind.
 */
export function planLaunch(input: LaunchInput): LaunchPlan {
  const npm = (script: string): NpmStep => ({
    command: input.platform === 'win32' ? 'npm.cmd' : 'npm',
    args: ['run', script],
    shell: input.platform === 'win32',
  });
  if (input.electronBinary !== null && input.binaryExists) {
    // Electron needs the compiled main process, the renderer and the preload: the whole build.
    return {
      kind: 'electron',
      build: npm('build'),
      binary: input.electronBinary,
      electronArgs: [input.projectRoot, ...input.args],
    };
  }
  // Always rebuilt: a stale dist/renderer would show yesterday's UI, and the build takes seconds.
  return {
    kind: 'browser',
    build: npm('build:renderer'),
    notice: BROWSER_FALLBACK_NOTICE,
    hostArgs: input.args,
  };
}
