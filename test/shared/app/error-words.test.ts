import { describe, expect, it } from 'vitest';
import {
  ERROR_KINDS,
  adviceFor,
  errorKindOf,
  errorLine,
  wordError,
} from '../../../src-shared/app/error-words.js';

/** Pieces of advice that must never stand together in one failure's words. */
const RETRY_WORDS = /\bRetry\b/;
const ADD_AGAIN = /add it again/i;
const TECHNICAL = /\b(GET|POST|PUT|DELETE)\b|HTTP \d|failed —|ECONN|\{it\}|\{It\}|\{ for it\}/;

/** A sentence count that does not trip over "…" or "e.g.". */
const sentences = (text: string): number => text.split(/(?<=[.!?])\s+(?=[A-Z])/).filter(Boolean).length;

describe('error words: one vocabulary for every failure', () => {
  describe.each(ERROR_KINDS.map((kind) => [kind]))('%s', (kind) => {
    it.each([
      ['with a Retry button', { retry: true }],
      ['without one', { retry: false }],
    ] as const)('gives exactly one piece of advice %s, fitting the buttons offered', (_, offer) => {
      const plain = wordError(kind, {
        subject: 'CASE-1.svs',
        detail: 'POST /Images failed — HTTP 400',
        offer,
      });
      // What happened, to which file, in a sentence of its own; never the request or the status.
      expect(plain.message).toMatch(/^[A-Z].*\.$/);
      expect(plain.message).not.toMatch(TECHNICAL);
      if (!['unknown-command'].includes(kind)) expect(plain.message).toContain('CASE-1.svs');
      expect(plain.detail).toBe('POST /Images failed — HTTP 400');
      // One piece of advice (one sentence), or none where nothing can be done (a cancellation).
      if (kind === 'cancelled') expect(plain.advice).toBe('');
      else {
        expect(plain.advice).toMatch(/^[A-Z].*\.$/);
        expect(sentences(plain.advice)).toBe(1);
      }
      expect(plain.advice).not.toMatch(TECHNICAL);
      // Retry is named only where a Retry button stands, and never beside "add it again".
      if (!offer.retry) expect(plain.advice).not.toMatch(RETRY_WORDS);
      expect(RETRY_WORDS.test(plain.advice) && ADD_AGAIN.test(plain.advice)).toBe(false);
      // Nothing asks to wait for a step that may not be running.
      expect(plain.advice).not.toMatch(/Wait for the current step/);
      expect(errorLine(plain)).toBe(plain.advice ? `${plain.message} ${plain.advice}` : plain.message);
    });
  });

  it('reads without a subject too ("it"), never leaving a placeholder', () => {
    for (const kind of ERROR_KINDS) expect(wordError(kind).message).not.toMatch(/[{}]|for it\b\s*\./);
    expect(wordError('network').message).toBe('The server could not be reached.');
    expect(wordError('rejected').message).toBe('The server refused it.');
  });

  it('stopping an idle prediction says there is nothing to stop, not to wait', () => {
    const plain = wordError('nothing-to-stop', { subject: 'image abc' });
    expect(errorLine(plain)).toBe(
      'No prediction is running for image abc, so there is nothing to stop. Refresh the list to see its current state.',
    );
  });

  it("maps recorded kinds (an older queue's, unknown ones) onto known words", () => {
    expect(errorKindOf('auth')).toBe('unauthorized');
    expect(errorKindOf('unreadable')).toBe('source-unreadable');
    expect(errorKindOf('something-new')).toBe('failed');
    expect(errorKindOf(undefined)).toBe('failed');
    expect(adviceFor('server', { retry: true })).toBe('Press Retry.');
    expect(adviceFor('source-missing', { retry: true })).toBe('Put the file back, then press Retry.');
  });
});
