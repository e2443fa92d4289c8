import { describe, expect, it } from 'vitest';
import {
  currentServerAddress,
  currentServerName,
  heldBarTitle,
  heldExplanation,
  heldLabel,
  heldOrigins,
  isHeld,
  joinNames,
  sendAllConfirmText,
  sendAllTargets,
  shortServerName,
} from '../../../../src-renderer/features/uploads/destination-text.js';
import { jobView } from '../../../helpers/job-view.js';

const SANDBOX = 'the embedded sandbox (data in /home/lab/.config/pathomiq/sandbox)';

describe('server names', () => {
  it('names a server short enough for a badge', () => {
    expect(shortServerName('https://pathomiq.example.org/api/')).toBe('pathomiq.example.org/api');
    expect(shortServerName('http://127.0.0.1:4010')).toBe('127.0.0.1:4010');
    expect(shortServerName(SANDBOX)).toBe('the embedded sandbox');
    expect(shortServerName(null)).toBe('another server');
    expect(shortServerName('  ')).toBe('another server');
  });

  it('names the current server, or none when none is set', () => {
    const url = { label: 'https://p.example/api', url: 'https://p.example/api', sandbox: false };
    const sandbox = { label: 'Embedded sandbox (test data only)', url: 'http://127.0.0.1:5', sandbox: true };
    const none = { label: 'No server set', url: '', sandbox: false };
    expect(currentServerName(url)).toBe('p.example/api');
    expect(currentServerName(sandbox)).toBe('the embedded sandbox');
    expect(currentServerName(none)).toBeNull();
    expect(currentServerName(undefined)).toBeNull();
    expect(currentServerAddress(url)).toBe('https://p.example/api');
    expect(currentServerAddress(sandbox)).toBe('the embedded sandbox');
    expect(currentServerAddress(none)).toBeNull();
  });

  it('joins names as a sentence does', () => {
    expect(joinNames([])).toBe('');
    expect(joinNames(['A'])).toBe('A');
    expect(joinNames(['A', 'B'])).toBe('A and B');
    expect(joinNames(['A', 'B', 'C'])).toBe('A, B and C');
  });
});

describe('held jobs', () => {
  const a = 'http://a.example:4010';

  it("holds another server's unfinished jobs, not its done or cancelled ones, and never this server's", () => {
    expect(isHeld({ elsewhere: true, state: 'queued' })).toBe(true);
    expect(isHeld({ elsewhere: true, state: 'uploading' })).toBe(true);
    expect(isHeld({ elsewhere: true, state: 'failed' })).toBe(true);
    expect(isHeld({ elsewhere: true, state: 'done' })).toBe(false);
    expect(isHeld({ elsewhere: true, state: 'cancelled' })).toBe(false);
    expect(isHeld({ elsewhere: false, state: 'queued' })).toBe(false);
  });

  it('explains the hold naming both servers', () => {
    expect(heldLabel({ destination: a })).toBe('Held — for a.example:4010');
    expect(heldExplanation({ destination: a }, 'b.example')).toBe(
      'This slide was queued for http://a.example:4010. The app now uploads to b.example. ' +
        'Nothing is sent until you choose.',
    );
    expect(heldExplanation({ destination: SANDBOX }, null)).toBe(
      `This slide was queued for ${SANDBOX}. The app has no server set now; choose one in Settings to send ` +
        'it there instead. Nothing is sent until you choose.',
    );
  });

  it('lists the servers held jobs were for, once each', () => {
    const jobs = [
      jobView(1, { elsewhere: true, destination: a }),
      jobView(2, { elsewhere: true, destination: SANDBOX }),
      jobView(3, { elsewhere: true, destination: a }),
      jobView(4, { elsewhere: true, destination: 'http://c.example', state: 'done' }),
      jobView(5),
    ];
    expect(heldOrigins(jobs)).toEqual([a, SANDBOX]);
    expect(heldBarTitle(1, ['a.example:4010'])).toBe('1 slide is held for a.example:4010.');
    expect(heldBarTitle(2, ['a', 'the embedded sandbox'])).toBe(
      '2 slides are held for a and the embedded sandbox.',
    );
  });

  it('names both servers in the send-all confirmation', () => {
    expect(sendAllConfirmText([a], 'https://b.example')).toBe(
      'These slides were queued for http://a.example:4010. Their images and patient details will go to ' +
        'https://b.example instead, starting over. Anything already sent to http://a.example:4010 stays there.',
    );
    expect(sendAllConfirmText(['A', 'C'], 'B')).toMatch(/queued for A and C\..*stays on those servers\.$/);
  });

  it("sends all with the engine's 'all' unless that would restart a job cancelled on purpose", () => {
    const held = [
      jobView(1, { elsewhere: true, destination: a }),
      jobView(2, { elsewhere: true, destination: a, state: 'failed' }),
      jobView(3, { elsewhere: true, destination: a, state: 'done' }),
      jobView(4, { state: 'cancelled' }),
    ];
    expect(sendAllTargets(held)).toBe('all');
    expect(
      sendAllTargets([...held, jobView(5, { elsewhere: true, destination: a, state: 'cancelled' })]),
    ).toEqual([1, 2]);
  });
});
