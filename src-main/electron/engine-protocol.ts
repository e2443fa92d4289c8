import { z } from 'zod';
import { appErrorInfoSchema } from '../../src-shared/app/wire.js';

/**
 * Messages between the main process and the engine process (utilityProcess, over process.parentPort). Both sides
 * parse what they receive: the main process trusts nothing the child sends beyond these shapes, and settings the
 * child asks to save are checked again against the settings schema before they are stored.
 */

const requestId = z.number().int().nonnegative();

export const engineStartOptionsSchema = z.object({
  stateDir: z.string().min(1),
  version: z.string(),
  defaultDownloadDir: z.string().min(1),
  /** Set when defaultDownloadDir is a fallback: the OS's Downloads folder does not exist. */
  defaultDownloadDirNote: z.string().nullable().optional(),
  tokenStorage: z.enum(['keychain', 'memory']),
  serverOverride: z.string().optional(),
});
export type EngineStartOptions = z.output<typeof engineStartOptionsSchema>;

/** Main → engine. */
export const toEngineSchema = z.union([
  z.object({ kind: z.literal('start'), options: engineStartOptionsSchema }),
  z.object({ kind: z.literal('request'), id: requestId, name: z.string().max(100), args: z.unknown() }),
  z.object({ kind: z.literal('settings-reply'), id: requestId, ok: z.literal(true), value: z.unknown() }),
  z.object({ kind: z.literal('settings-reply'), id: requestId, ok: z.literal(false), message: z.string() }),
  z.object({ kind: z.literal('stop') }),
]);
export type ToEngine = z.output<typeof toEngineSchema>;

const errorInfoSchema = appErrorInfoSchema;

export const dispatchResultSchema = z.union([
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({ ok: z.literal(false), error: errorInfoSchema }),
]);

/** What the engine process may ask of the main process's settings store. */
export const settingsRequestSchema = z.discriminatedUnion('op', [
  z.object({ kind: z.literal('settings-request'), id: requestId, op: z.literal('load') }),
  z.object({
    kind: z.literal('settings-request'),
    id: requestId,
    op: z.literal('save'),
    settings: z.unknown(),
  }),
  z.object({ kind: z.literal('settings-request'), id: requestId, op: z.literal('readToken') }),
  z.object({
    kind: z.literal('settings-request'),
    id: requestId,
    op: z.literal('writeToken'),
    token: z.string().min(1).max(10_000).nullable(),
  }),
]);
export type SettingsRequest = z.output<typeof settingsRequestSchema>;

/** Engine → main. */
export const fromEngineSchema = z.union([
  z.object({ kind: z.literal('started') }),
  z.object({ kind: z.literal('start-failed'), message: z.string().max(100_000) }),
  z.object({ kind: z.literal('response'), id: requestId, result: dispatchResultSchema }),
  /** Events are forwarded as typed once their shape is checked: the engine is our own code. */
  z.object({ kind: z.literal('event'), event: z.object({ type: z.string().max(100) }).loose() }),
  settingsRequestSchema,
  z.object({ kind: z.literal('stopped') }),
]);
export type FromEngine = z.output<typeof fromEngineSchema>;

/** Either end of the pipe, as both processes see it. */
export interface MessagePipe {
  postMessage(message: unknown): void;
}
