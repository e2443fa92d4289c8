/** What a matching request suffers instead of (or on top of) plain forwarding. */
export type Fault =
  /** Answer without forwarding (e.g. 503, 429 with Retry-After, 401 JSON {success:false,msg}). */
  | { type: 'status'; status: number; body?: string; headers?: Record<string, string> }
  /** Forward, but destroy both sockets once this many request-body bytes have passed (a reset mid-upload). */
  | { type: 'reset-after-request-bytes'; bytes: number }
  /** Forward, with the request-body byte at `offset` inverted on the way (a corruption TCP did not catch). */
  | { type: 'flip-request-byte'; offset: number }
  /** Forward the whole request, then drop the client without answering: the server DID process it. */
  | { type: 'reset-before-response' }
  /**
   * Neither forward nor answer for `ms`, then forward normally; ends early if the client gives up (noticed at once
   * unless a large request body sits unread, in which case only when forwarding starts: see hold.ts).
   */
  | { type: 'stall'; ms: number }
  /** Forward after `ms`. */
  | { type: 'delay'; ms: number };

export interface FaultRule {
  /** Which requests: method and/or a RegExp tested against `${METHOD} ${path}?${query}`. */
  match: { method?: string; url?: RegExp };
  fault: Fault;
  /** How many matching requests this rule affects (default 1); Infinity for all until removed. */
  times?: number;
}

export interface ProxyLogEntry {
  method: string;
  /** Path and query as received, with X-Amz-Signature / X-Amz-Credential values redacted. */
  url: string;
  /**
   * What happened, e.g. "forwarded 200", "status 503", "reset after 1048576 request bytes",
   * "reset before response (upstream 200)", "stalled 500 ms, then forwarded 200", "stalled 5000 ms, client closed",
   * "client closed", "bad gateway: ECONNREFUSED"; "pending" while in flight.
   */
  outcome: string;
  /** Request-body bytes forwarded to the target (0 when the request never reached it). */
  requestBytes: number;
  /** Date.now() when the request arrived. */
  at: number;
}

export interface FaultProxy {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** Where to forward (an origin such as the sandbox's `listening`). */
  setTarget(baseUrl: string): void;
  /** Adds a rule after the existing ones; returns a function that removes it. */
  inject(rule: FaultRule): () => void;
  /** Removes every rule. */
  clear(): void;
  /** Every request seen, oldest first: for assertions like "how many part PUTs were sent" or "bytes re-sent". */
  readonly log: ReadonlyArray<Readonly<ProxyLogEntry>>;
  /** Stops listening and destroys open connections (clients get ECONNREFUSED / ECONNRESET). */
  down(): Promise<void>;
  /** Listens again on the SAME port. */
  up(): Promise<void>;
  close(): Promise<void>;
}
