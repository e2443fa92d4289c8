import { SANDBOX_DEFAULT_USER, type AppSettings, type AppStatus } from '../../src-shared/app/index.js';

export const SANDBOX_LABEL = 'Embedded sandbox (test data only)';

/** Which server this run talks to, decided from the settings and a command-line override. */
export type ServerChoice =
  | { kind: 'sandbox'; userId: number }
  | { kind: 'url'; url: string; label: string; userId: number | null }
  | { kind: 'none'; problem: string; userId: number | null };

/** `serverOverride` (from the command line) wins over the settings for this run, and the label says so. */
export function chooseServer(settings: AppSettings, serverOverride: string | undefined): ServerChoice {
  if (serverOverride) {
    return {
      kind: 'url',
      url: serverOverride,
      label: `${serverOverride} (given on the command line; the server in Settings is not used this run)`,
      userId: settings.userId,
    };
  }
  if (settings.useSandbox) return { kind: 'sandbox', userId: settings.userId ?? SANDBOX_DEFAULT_USER };
  if (settings.serverUrl === '') {
    return {
      kind: 'none',
      userId: settings.userId,
      problem:
        'No server is set. Open Settings and enter the PathomIQ server address (or turn the embedded sandbox on to try the app with test data).',
    };
  }
  return { kind: 'url', url: settings.serverUrl, label: settings.serverUrl, userId: settings.userId };
}

/** Why uploads cannot be made for anyone yet, when no user is set. */
export const NO_USER_PROBLEM =
  'No PathomIQ user is set. Open Settings and enter the user id uploads are made for.';

export function serverOf(choice: ServerChoice, sandboxUrl: string | undefined): AppStatus['server'] {
  if (choice.kind === 'sandbox') return { label: SANDBOX_LABEL, url: sandboxUrl ?? '', sandbox: true };
  if (choice.kind === 'url') return { label: choice.label, url: choice.url, sandbox: false };
  return { label: 'No server set', url: '', sandbox: false };
}
