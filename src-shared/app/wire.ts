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

const errorInfoSchema = z.object({
  code: z.enum(['unknown-command', 'invalid-args', 'failed', 'unauthorized', 'not-found', 'busy']),
  message: z.string(),
  server: z
    .object({ endpoint: z.string(), kind: z.string(), status: z.number().nullable(), retryable: z.boolean() })
    .optional(),
});

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
