import type { WebSocket } from 'ws';
import { z } from 'zod';
import {
  dispatchCommand,
  requestFrameSchema,
  type AppEvent,
  type AppHandlers,
  type DescribeError,
  type ServerFrame,
} from '../../src-shared/app/index.js';

export interface SocketBridgeOptions {
  handlers: AppHandlers;
  describeError: DescribeError;
  /** Where a broken frame is reported (stderr in the CLI); never given the frame's content. */
  warn: (message: string) => void;
}

/** Just enough of a frame to answer it: a broken request with a usable id still gets an error response. */
const frameIdSchema = z.object({ id: z.number().int().nonnegative() });

/**
 * The WebSocket side of the app: requests from every connected page go to the handler map, and every app event
 * goes to every page. A broken frame is answered (or dropped when it has no id) — never allowed to throw.
 */
export class SocketBridge {
  private readonly sockets = new Set<WebSocket>();

  constructor(private readonly options: SocketBridgeOptions) {}

  get connectedCount(): number {
    return this.sockets.size;
  }

  attach(socket: WebSocket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => this.sockets.delete(socket));
    socket.on('message', (data, isBinary) => {
      if (isBinary) return this.options.warn('Ignored a binary WebSocket frame.');
      this.answer(socket, data.toString()).catch((error: unknown) =>
        this.options.warn(`A WebSocket request failed unexpectedly: ${String(error)}`),
      );
    });
  }

  broadcast(event: AppEvent): void {
    const text = JSON.stringify({ kind: 'event', event });
    for (const socket of this.sockets) if (socket.readyState === socket.OPEN) socket.send(text);
  }

  /** Closes every socket (1001: going away) so pages know to reconnect or stop. */
  closeAll(): void {
    for (const socket of this.sockets) socket.close(1001, 'Host shutting down');
    this.sockets.clear();
  }

  private async answer(socket: WebSocket, text: string): Promise<void> {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return this.options.warn('Ignored a WebSocket frame that is not JSON.');
    }
    const response = await this.respond(json);
    if (response) this.reply(socket, response);
    else this.options.warn('Ignored a WebSocket frame without a request id.');
  }

  /**
   * A request frame POSTed because it was too large for a WebSocket frame (already parsed as JSON by the HTTP
   * server): the same answer, as the response body. A body that is not a request with an id gets one with id 0.
   */
  async answerPosted(body: unknown): Promise<ServerFrame> {
    return (
      (await this.respond(body)) ?? {
        kind: 'response',
        id: 0,
        ok: false,
        error: { code: 'invalid-args', message: 'Malformed request: not a request frame.' },
      }
    );
  }

  /** Validates a request frame and runs it; undefined for one without a usable id (nothing to answer). */
  private async respond(json: unknown): Promise<ServerFrame | undefined> {
    const request = requestFrameSchema.safeParse(json);
    if (!request.success) {
      const id = frameIdSchema.safeParse(json);
      if (!id.success) return undefined;
      return {
        kind: 'response',
        id: id.data.id,
        ok: false,
        error: {
          code: 'invalid-args',
          message: `Malformed request frame: ${z.prettifyError(request.error)}`,
        },
      };
    }
    const { id, name, args } = request.data;
    const result = await dispatchCommand(this.options.handlers, name, args, this.options.describeError);
    return result.ok
      ? { kind: 'response', id, ok: true, result: result.result }
      : { kind: 'response', id, ok: false, error: result.error };
  }

  private reply(socket: WebSocket, frame: ServerFrame): void {
    // The page may have gone while the command ran; its answer has nowhere to go.
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
  }
}
