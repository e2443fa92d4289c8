import { DataDirLock, type LockHolder, type SandboxAddress } from './data-dir-lock.js';
import { SAID_AS_IS } from '../shared/said-as-is.js';

/** How long a starter waits for a sandbox that is starting or shutting down on the same data dir. */
export const CLAIM_WAIT_MS = 30_000;
const POLL_MS = 100;

/**
 * What an attaching process must agree with the running sandbox on, because it changes what clients see on the
 * wire. (Pipeline speed, demo data or presign lifetimes do not: the running sandbox's win.)
 */
export interface AttachTerms {
  /** Sorted. */
  dialects: string[];
  /** SHA-256 of the API token, so the lock file holds no secret; null without a token. */
  tokenSha256: string | null;
  publicUrl: string | null;
}

export interface ClaimRequest {
  terms: AttachTerms;
  /** The port asked for; 0 means any. */
  port: number;
  /** Attach to a running sandbox instead of refusing (default true). */
  attach: boolean;
  waitMs?: number;
}

export type Claim =
  | { kind: 'owner'; lock: DataDirLock }
  | { kind: 'attached'; holder: LockHolder & { address: SandboxAddress } };

/** Refused: another process holds the data dir and cannot be attached to (or attaching was not wanted). */
export class SandboxInUseError extends Error {
  /** Its message is written for people: said as it is. */
  readonly [SAID_AS_IS] = true;
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder | undefined,
    reason: string,
  ) {
    super(`The sandbox data dir ${dataDir} is in use by ${describeHolder(holder)}: ${reason}`);
    this.name = 'SandboxInUseError';
  }
}

/**
 * Becomes the one sandbox of `dataDir` (taking its lock), or attaches to the one already running there. While
 * the other is starting or shutting down it waits (a restart after Ctrl-C waits for the old process to finish
 * its requests), up to `waitMs`.
 */
export async function claimDataDir(dataDir: string, request: ClaimRequest): Promise<Claim> {
  const deadline = Date.now() + (request.waitMs ?? CLAIM_WAIT_MS);
  for (;;) {
    const outcome = await DataDirLock.tryAcquire(dataDir, { ...request.terms });
    if ('lock' in outcome) return { kind: 'owner', lock: outcome.lock };
    const { holder } = outcome;
    if (holder?.state === 'running' && holder.address) {
      if (!request.attach) {
        throw new SandboxInUseError(dataDir, holder, 'use that sandbox, or give this one another data dir');
      }
      const mismatch = incompatibility(holder, holder.address, request);
      if (mismatch) throw new SandboxInUseError(dataDir, holder, `cannot attach to it: ${mismatch}`);
      return { kind: 'attached', holder: { ...holder, address: holder.address } };
    }
    if (Date.now() > deadline) {
      throw new SandboxInUseError(
        dataDir,
        holder,
        `it is still ${holder?.state ?? 'starting'} after ${Math.round((request.waitMs ?? CLAIM_WAIT_MS) / 1000)} s`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function incompatibility(
  holder: LockHolder,
  address: SandboxAddress,
  request: ClaimRequest,
): string | undefined {
  const running = holder.terms as Partial<AttachTerms>;
  const { terms } = request;
  if (JSON.stringify(running.dialects ?? []) !== JSON.stringify(terms.dialects)) {
    return `it runs with dialects [${(running.dialects ?? []).join(', ')}], not [${terms.dialects.join(', ')}]`;
  }
  if ((running.tokenSha256 ?? null) !== terms.tokenSha256) return 'it requires a different API token';
  if ((running.publicUrl ?? null) !== terms.publicUrl) {
    return `it is published at ${running.publicUrl ?? address.listening}, not ${terms.publicUrl ?? 'its own address'}`;
  }
  const runningPort = Number(new URL(address.listening).port);
  if (request.port !== 0 && request.port !== runningPort) {
    return `it listens on port ${runningPort}, not ${request.port}`;
  }
  return undefined;
}

function describeHolder(holder: LockHolder | undefined): string {
  if (!holder) return 'another process (its lock file is being written)';
  const where = holder.address ? `serving ${holder.address.api}` : holder.state;
  return `process ${holder.pid} on ${holder.hostname} (${where}, since ${holder.startedAt})`;
}
