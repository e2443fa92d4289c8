import type { ReactNode } from 'react';
import './badge.css';

import type { Tone } from './tone.js';

export type { Tone };

/** A short status word; the colour repeats what the word says, never replaces it. */
export function Badge({
  tone = 'neutral',
  children,
  dot = true,
}: {
  tone?: Tone;
  children: ReactNode;
  dot?: boolean;
}) {
  return (
    <span className={`badge badge--${tone}`}>
      {dot && <span className="badge__dot" aria-hidden="true" />}
      {children}
    </span>
  );
}
