import { z } from 'zod';

/**
 * Frames of the browser host's WebSocket (JSON text). Electron IPC does not need them: it has its own framing.
 * Both sides parse what they receive with these schemas.
 */
export const requestFrameSchema = z.object({
  kind: z.literal('request'),
  id: z.number().int().nonnegative(),
  name: z.string().max(100),
  // Optional: JSON drops an undefined value, as commands without arguments have.
  args: z.unknown().optional(),
});
export type RequestFrame = z.output<typeof requestFrameSchema>;

/**
 * The largest WebSocket frame the host accepts: a few MB, so no frame can make it hold a lot of memory. A request
 * larger than this (an annotation XML) goes to {@link COMMAND_PATH} instead, bounded by the command's own limits.
 */
export const MAX_FRAME_BYTES = 4 * 1024 * 1024;
/** Where a request too large for a frame is POSTed (same JSON frame, same handler map, same access checks). */
export const COMMAND_PATH = '/command';
/** The largest request the host reads there: the largest argument a command allows (200 MB of XML) and some. */
export const MAX_POSTED_REQUEST_BYTES = 210 * 1024 * 1024;

/**
 * A failure as it crosses any transport (socket, Electron's engine process): every field of `AppErrorInfo`,
 * so the technical detail and the server's own reason reach the window (zod drops keys it is not told of).
 */
export const appErrorInfoSchema = z.object({
  code: z.enum(['unknown-command', 'invalid-args', 'failed', 'unauthorized', 'not-found', 'busy']),
  message: z.string().max(100_000),
  detail: z.string().max(100_000).optional(),
  server: z
    .object({
      endpoint: z.string(),
      kind: z.string(),
      status: z.number().nullable(),
      retryable: z.boolean(),
      serverSays: z.string().max(100_000).optional(),
      subject: z.string().max(1_000).optional(),
    })
    .optional(),
});
const errorInfoSchema = appErrorInfoSchema;

// Responses are told apart by `ok` inside `kind: 'response'`: zod 4 refuses one discriminator value twice.
export const serverFrameSchema = z.discriminatedUnion('kind', [
  z.discriminatedUnion('ok', [
    z.object({
      kind: z.literal('response'),
      id: z.number(),
      ok: z.literal(true),
      result: z.unknown().optional(),
    }),
    z.object({ kind: z.literal('response'), id: z.number(), ok: z.literal(false), error: errorInfoSchema }),
  ]),
  /** Events are trusted as typed once the frame's shape is checked: they come from our own engine. */
  z.object({ kind: z.literal('event'), event: z.object({ type: z.string() }).loose() }),
]);
export type ServerFrame = z.output<typeof serverFrameSchema>;
