import type { AppSettings, UpdateStatus } from '../../src-shared/app/index.js';

export type UpdateFeed = { url: string } | { off: Extract<UpdateStatus, { state: 'off' }>['reason'] };

/**
 * Where to look for updates. Only the URL the user (or their admin) set counts: the build carries none, so an
 * empty setting means off. Against the embedded sandbox the app is a trial install, so it is said to be off for
 * that reason — until a URL is set explicitly, which then wins.
 */
export function updateFeed(settings: Pick<AppSettings, 'updateUrl' | 'useSandbox'>): UpdateFeed {
  const url = settings.updateUrl.trim();
  if (url !== '') return { url };
  return { off: settings.useSandbox ? 'sandbox' : 'no-url' };
}
