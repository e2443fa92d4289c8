import type { LogEntry } from '../../../../src-shared/api/index.js';
import { RemoteCommandError } from '../../../../src-shared/app/index.js';
import type { CliContext } from '../../cli-context.js';
import { FOLLOW_POLL_MS } from './logs.js';
import { EXIT } from '../../exit-codes.js';
import { listenForInterrupt, pause } from './interrupt.js';

export interface LogsOptions {
  type?: string;
  follow?: boolean;
}

/** "<date>  <type>  [<image>]  <message>"; the image column only when logs of all images are shown. */
function formatEntry(entry: LogEntry, withImage: boolean): string {
  const image = withImage ? `  ${entry.imageid}` : '';
  return `${entry.adddate ?? '-'}  ${entry.type.padEnd(12)}${image}  ${entry.message}`;
}

/** Entries carry an id on this API; without one, the whole entry is its identity. */
const entryKey = (entry: LogEntry): string =>
  entry.id !== undefined
    ? `#${entry.id}`
    : JSON.stringify([entry.imageid, entry.type, entry.adddate, entry.message]);

const listLogs = (ctx: CliContext, uid: string | undefined) =>
  ctx.send('logs.list', { imageUniqueId: uid ?? null });

export async function showLogs(
  ctx: CliContext,
  uid: string | undefined,
  wanted: (entry: LogEntry) => boolean,
) {
  const entries = (await listLogs(ctx, uid)).filter(wanted);
  const human = entries.map((entry) => formatEntry(entry, uid === undefined)).join('\n');
  ctx.out.result(entries.length === 0 ? 'No log entries.' : human, entries);
  return EXIT.ok;
}

/**
 * Polls and prints each entry once (one JSON result per entry with --json), until Ctrl-C, which ends cleanly
 * with exit 0. Passing network trouble is reported and waited out; anything else (e.g. the image was
 * deleted) ends the command.
 */
export async function followLogs(
  ctx: CliContext,
  uid: string | undefined,
  wanted: (entry: LogEntry) => boolean,
) {
  const seen = new Set<string>();
  const interrupt = listenForInterrupt();
  try {
    while (!interrupt.signal.aborted) {
      try {
        for (const entry of await listLogs(ctx, uid)) {
          const key = entryKey(entry);
          if (seen.has(key)) continue;
          seen.add(key);
          if (wanted(entry)) ctx.out.result(formatEntry(entry, uid === undefined), entry);
        }
      } catch (error) {
        if (interrupt.signal.aborted) break;
        if (!(error instanceof RemoteCommandError && error.info.server?.retryable)) throw error;
        ctx.out.info(`${error.message} Still following…`);
      }
      await pause(FOLLOW_POLL_MS, interrupt.signal);
    }
    return EXIT.ok;
  } finally {
    interrupt.dispose();
  }
}
