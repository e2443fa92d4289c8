import type { EngineEvent, JobView, QueueTotals } from '../../src-shared/engine/index.js';
import { deidChip, FINISHED_STATES, RESTING_STATES, speedAndEtaText } from '../../src-shared/engine/index.js';
import { errorLine, wordError } from '../../src-shared/app/error-words.js';
import { formatBytes } from '../../src-shared/units/index.js';
import { forTerminal } from '../shared/terminal-text.js';

/** Prints for people (stderr for progress, stdout for results) or, with --json, one JSON object per line. */
export interface Output {
  json: boolean;
  /** --verbose: errors' technical details are printed too. */
  verbose: boolean;
  /** A result line (stdout). */
  result(human: string, data?: unknown): void;
  /** Result lines for people (stdout) written at once: a queue of 10,000 jobs is one write, not 10,000. */
  resultLines(humans: readonly string[]): void;
  /** The last line of a run: counts for people (stdout), or `{"type":"summary", …data}` with --json. */
  summary(human: string, data: Record<string, unknown>): void;
  /** A message about what happens (stderr for people; a JSON line in --json mode). */
  info(message: string): void;
  /** A failure: its words; `detail` (technical) is printed with --verbose and sent in --json. */
  error(message: string, detail?: string | null): void;
  event(event: EngineEvent): void;
  finishProgress(): void;
}

/** A job of another server that did not finish: it waits for a process that uploads to that server. */
export const isHeld = (job: JobView): boolean => job.elsewhere && !FINISHED_STATES.includes(job.state);

/**
 * One line per job; `withDestination` adds the server it goes to, and "held" for another server's open jobs. An
 * error reads as the app words it (`error-words.ts`); `verbose` adds its technical details.
 */
export function describeJob(
  job: JobView,
  options: { withDestination?: boolean; verbose?: boolean } = {},
): string {
  const details = options.verbose && job.error ? ` (details: ${job.error.message})` : '';
  const error = job.error ? ` — ${errorLine(wordError(job.error.kind))}${details}` : '';
  const waiting =
    job.retryAt && job.state !== 'failed' && !job.elsewhere
      ? ` (retrying in ${Math.max(0, Math.round((job.retryAt - Date.now()) / 1000))} s)`
      : '';
  const destination =
    options.withDestination && job.destination !== null
      ? ` → ${job.destination}${isHeld(job) ? ' (held: another server)' : ''}`
      : '';
  const members = job.memberCount !== null ? ` (${job.memberCount} files)` : '';
  // What reached the server is not the file as it is here: say so on every line about it.
  const deid = job.deidentified !== undefined ? ` (${deidChip(job.deidentified)})` : '';
  return `#${job.id} ${job.state.padEnd(11)} ${formatBytes(job.size).padStart(10)}  ${job.fileName}${members}${deid}${destination}${waiting}${error}`;
}

/** The live line on a terminal: "1/3 done · 40 MiB of 120 MiB · 4.6 MiB/s · 17 s left" (the app's words). */
export function progressLine(totals: QueueTotals): string {
  const done = totals.counts.done;
  const all = Object.values(totals.counts).reduce((a, b) => a + b, 0);
  const rate = speedAndEtaText(totals);
  return [
    `${done}/${all} done`,
    `${formatBytes(totals.bytesDone)} of ${formatBytes(totals.bytesTotal)}`,
    rate,
  ]
    .filter(Boolean)
    .join(' · ');
}

export function createOutput(json: boolean, verbose = false): Output {
  const tty = process.stderr.isTTY === true;
  let progressShown = false;
  const clearProgress = () => {
    if (progressShown) process.stderr.write('\r\x1b[K');
    progressShown = false;
  };
  // Every line for people passes here: names inside it (local or the server's) cannot drive the terminal.
  const line = (stream: NodeJS.WriteStream, text: string) => {
    clearProgress();
    stream.write(`${forTerminal(text)}\n`);
  };
  const jsonLine = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);

  return {
    json,
    verbose,
    result: (human, data) =>
      json ? jsonLine({ type: 'result', data: data ?? human }) : line(process.stdout, human),
    resultLines(humans) {
      if (json) for (const human of humans) jsonLine({ type: 'result', data: human });
      else {
        clearProgress();
        process.stdout.write(humans.map((human) => `${forTerminal(human)}\n`).join(''));
      }
    },
    summary: (human, data) => (json ? jsonLine({ type: 'summary', ...data }) : line(process.stdout, human)),
    info: (message) => (json ? jsonLine({ type: 'info', message }) : line(process.stderr, message)),
    error: (message, detail) => {
      if (json) return jsonLine({ type: 'error', message, ...(detail ? { detail } : {}) });
      line(process.stderr, `Error: ${message}`);
      if (verbose && detail) line(process.stderr, `  Details: ${detail}`);
    },
    event(event) {
      if (json) return jsonLine(event);
      switch (event.type) {
        case 'job-updated':
          // Facts recorded on the way (progress, ids) would repeat the same line for every part.
          if (event.change === 'facts') break;
          if (RESTING_STATES.includes(event.job.state) || event.job.error)
            line(process.stderr, describeJob(event.job, { verbose }));
          break;
        case 'queue-held':
          line(process.stderr, `Queue paused: ${event.hold.message}`);
          break;
        case 'notice':
          if (event.level !== 'info') line(process.stderr, event.message);
          break;
        case 'progress':
          if (tty) {
            process.stderr.write(`\r\x1b[K${progressLine(event.totals)}`);
            progressShown = true;
          }
          break;
        default:
          break;
      }
    },
    finishProgress: clearProgress,
  };
}
