import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerWithStatus } from './fault-proxy/answer-with-status.js';
import { forward, type ForwardOptions } from './fault-proxy/forward.js';
import { holdUnlessClientLeaves } from './fault-proxy/hold.js';
import { redactSignatures } from './fault-proxy/redact.js';
import { RuleBook } from './fault-proxy/rule-book.js';
import { SwitchableServer } from './fault-proxy/switchable-server.js';
import { parseTarget, type Target } from './fault-proxy/target.js';
import type { FaultProxy, ProxyLogEntry } from './fault-proxy/types.js';

export type { Fault, FaultProxy, FaultRule, ProxyLogEntry } from './fault-proxy/types.js';

/**
 * A reverse proxy that injects network faults (error statuses, resets mid-upload, lost answers, stalls, delays,
 * a server that is down) in front of the sandbox. Presigned S3 URLs are signed over the Host header, so:
 *
 *   const proxy = await startFaultProxy();
 *   const sandbox = await startTestSandbox({ publicUrl: proxy.url }); // URLs it hands out point at the proxy
 *   proxy.setTarget(sandbox.listening);
 *
 * The proxy forwards Host, path and query unchanged, so those signatures still verify at the sandbox.
 */
export async function startFaultProxy(options: { port?: number } = {}): Promise<FaultProxy> {
  const rules = new RuleBook();
  const log: ProxyLogEntry[] = [];
  // Keep-alive to the target, like a real load balancer; a reset destroys only the socket it used.
  const agent = new http.Agent({ keepAlive: true });
  let target: Target | undefined;

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const method = req.method ?? 'GET';
    const pathAndQuery = req.url ?? '/';
    const entry: ProxyLogEntry = {
      method,
      url: redactSignatures(pathAndQuery),
      outcome: 'pending',
      requestBytes: 0,
      at: Date.now(),
    };
    log.push(entry);
    // Clients vanishing mid-request is the point of these tests; the 'close' handlers deal with it.
    req.on('error', () => undefined);
    res.on('error', () => undefined);

    const forwardNow = (extra: Omit<ForwardOptions, 'target' | 'agent' | 'entry'> = {}): void => {
      if (!target) {
        entry.outcome = 'no target set';
        answerWithStatus(res, {
          type: 'status',
          status: 502,
          body: JSON.stringify({ success: false, msg: 'Fault proxy has no target; call setTarget().' }),
        });
        return;
      }
      forward(req, res, { target, agent, entry, ...extra });
    };
    const forwardLater = (ms: number, label: string): void =>
      holdUnlessClientLeaves(
        res,
        ms,
        () => forwardNow({ outcomePrefix: `${label}, then ` }),
        () => {
          entry.outcome = `${label}, client closed`;
        },
      );

    const fault = rules.take(method, pathAndQuery);
    if (!fault) return forwardNow();
    switch (fault.type) {
      case 'status':
        entry.outcome = `status ${fault.status}`;
        return answerWithStatus(res, fault);
      case 'reset-after-request-bytes':
        return forwardNow({ resetAfterRequestBytes: fault.bytes });
      case 'flip-request-byte':
        return forwardNow({ flipRequestByte: fault.offset });
      case 'reset-before-response':
        return forwardNow({ resetBeforeResponse: true });
      case 'stall':
        return forwardLater(fault.ms, `stalled ${fault.ms} ms`);
      case 'delay':
        return forwardLater(fault.ms, `delayed ${fault.ms} ms`);
    }
  };

  const server = new SwitchableServer(handle);
  const port = await server.start(options.port ?? 0);

  return {
    url: `http://127.0.0.1:${port}`,
    log,
    setTarget(baseUrl) {
      target = parseTarget(baseUrl);
    },
    inject: (rule) => rules.add(rule),
    clear: () => rules.clear(),
    down: () => server.stop(),
    async up() {
      await server.start(port);
    },
    async close() {
      await server.stop();
      agent.destroy();
    },
  };
}
