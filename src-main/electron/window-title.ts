import type { AppStatus } from '../../src-shared/app/index.js';
import { APP_TITLE } from './window.js';

/** The window names the server, so a technician sees at a glance whether uploads go to the sandbox. */
export function windowTitle(status: AppStatus | null): string {
  if (status === null) return APP_TITLE;
  if (status.server.sandbox) return `${APP_TITLE} — Sandbox`;
  return `${APP_TITLE} — ${status.server.label}`;
}
