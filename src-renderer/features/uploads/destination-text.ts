import type { AppStatus } from '../../../src-shared/app/index.js';
import type { JobView } from '../../../src-shared/engine/index.js';

/** How the engine describes the embedded sandbox as a destination: "the embedded sandbox (data in …)". */
const SANDBOX_PREFIX = 'the embedded sandbox';

/**
 * A server named short enough for a badge or a button: "pathomiq.example.org/api" for an address (the scheme
 * adds nothing a technician needs), "the embedded sandbox" without its data folder. The full text goes in the
 * explanation.
 */
export function shortServerName(destination: string | null): string {
  if (destination === null || destination.trim() === '') return 'another server';
  if (destination.startsWith(SANDBOX_PREFIX)) return SANDBOX_PREFIX;
  return destination
    .trim()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
    .replace(/\/+$/, '');
}

/** The server the app uploads to now, named as {@link shortServerName} does; null when none is set. */
export function currentServerName(server: AppStatus['server'] | null | undefined): string | null {
  if (!server) return null;
  if (server.sandbox) return SANDBOX_PREFIX;
  return server.url.trim() === '' ? null : shortServerName(server.url);
}

/** The server the app uploads to now, in full (its whole address), for a confirmation; null when none is set. */
export function currentServerAddress(server: AppStatus['server'] | null | undefined): string | null {
  if (!server) return null;
  if (server.sandbox) return SANDBOX_PREFIX;
  return server.url.trim() === '' ? null : server.url.trim();
}

/**
 * A job held for another server: it will not move until the user sends it here. Done jobs are that server's
 * history, and cancelled ones were stopped on purpose, so neither is "held" (neither waits for a choice).
 */
export function isHeld(job: Pick<JobView, 'elsewhere' | 'state'>): boolean {
  return job.elsewhere && job.state !== 'done' && job.state !== 'cancelled';
}

/** The badge of a held row: "Held — for 127.0.0.1:4010". */
export function heldLabel(job: Pick<JobView, 'destination'>): string {
  return `Held — for ${shortServerName(job.destination)}`;
}

/** Why a row is held and what the user may do, in full (the tooltip, and what a screen reader hears). */
export function heldExplanation(job: Pick<JobView, 'destination'>, current: string | null): string {
  const queuedFor = `This slide was queued for ${job.destination ?? 'another server'}.`;
  const now =
    current === null
      ? 'The app has no server set now; choose one in Settings to send it there instead.'
      : `The app now uploads to ${current}.`;
  return `${queuedFor} ${now} Nothing is sent until you choose.`;
}

/** The servers held jobs were queued for, each named once, in queue order. */
export function heldOrigins(jobs: Iterable<JobView>): string[] {
  const origins = new Set<string>();
  for (const job of jobs) if (isHeld(job)) origins.add(job.destination ?? 'another server');
  return [...origins];
}

/** "A", "A and B", "A, B and C". */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * What "Send all held jobs here" asks `queue.retarget` for. The engine's 'all' takes every unfinished job of
 * another server, cancelled ones too; those were stopped on purpose and are not offered as held, so when any is
 * in the list the held jobs are named one by one instead.
 */
export function sendAllTargets(jobs: Iterable<JobView>): 'all' | number[] {
  const held: number[] = [];
  let cancelledElsewhere = false;
  for (const job of jobs) {
    if (isHeld(job)) held.push(job.id);
    else if (job.elsewhere && job.state === 'cancelled') cancelledElsewhere = true;
  }
  return cancelledElsewhere ? held : 'all';
}

/** The held bar's lead: "1 slide is held for A." or "3 slides are held for A and B." */
export function heldBarTitle(count: number, origins: readonly string[]): string {
  const slides = count === 1 ? '1 slide is' : `${count.toLocaleString('en-US')} slides are`;
  return `${slides} held for ${joinNames(origins)}.`;
}

/**
 * The confirmation of "Send all held jobs here", naming both servers: patient data is about to go to a server
 * it was not meant for when it was queued.
 */
export function sendAllConfirmText(origins: readonly string[], current: string): string {
  const from = joinNames(origins);
  const there = origins.length === 1 ? 'there' : 'on those servers';
  return (
    `These slides were queued for ${from}. Their images and patient details will go to ${current} instead, ` +
    `starting over. Anything already sent to ${from} stays ${there}.`
  );
}
