import { formatBytes } from '../../../../src-shared/units/index.js';
import type { Output } from '../../output.js';

export interface ProgressLine {
  update(loaded: number, total: number | undefined): void;
  done(): void;
}

const REDRAW_MS = 200;

/** One self-overwriting progress line on stderr — only when a person watches (a TTY) and not with --json. */
export function createProgressLine(out: Output, label: string): ProgressLine {
  if (out.json || process.stderr.isTTY !== true) return { update: () => undefined, done: () => undefined };
  let drawnAt = 0;
  let shown = false;
  return {
    update(loaded, total) {
      const now = Date.now();
      if (now - drawnAt < REDRAW_MS && loaded !== total) return;
      drawnAt = now;
      const percent = total ? ` ${Math.floor((loaded / total) * 100)}%` : '';
      const of = total ? ` of ${formatBytes(total)}` : '';
      process.stderr.write(`\r\x1b[K${label}:${percent} ${formatBytes(loaded)}${of}`);
      shown = true;
    },
    done() {
      if (shown) process.stderr.write('\r\x1b[K');
      shown = false;
    },
  };
}
