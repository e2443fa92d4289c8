import { z } from 'zod';
import { imageSchema } from './image.js';
import { intId, looseBoolean, nullableText } from './wire-values.js';

/** `GET /Users/imagelist`: every user with their images. */
export const usersWithImagesSchema = z.array(z.object({ userid: intId, images: z.array(imageSchema) }));
export type UserWithImages = z.output<typeof usersWithImagesSchema>[number];

export const imageListSchema = z.array(imageSchema);

/** Start/stop prediction and the share calls answer `{success, status, image}`. */
export const imageActionResultSchema = z.object({
  success: looseBoolean,
  status: z.string(),
  image: imageSchema,
});
export type ImageActionResult = z.output<typeof imageActionResultSchema>;

/** `DELETE /Images/:image_unique_id` answers `{success, status}`. */
export const deleteResultSchema = z.object({ success: looseBoolean, status: z.string() });
export type DeleteResult = z.output<typeof deleteResultSchema>;

/** `POST /LogInfo` (and the annotation upload) answer `{success, msg}`. */
export const messageResultSchema = z.object({ success: looseBoolean, msg: z.string() });
export type MessageResult = z.output<typeof messageResultSchema>;

/** A log entry from `GET /LogInfo[/:image_unique_id]`. The document names no fields beyond the POST body's. */
export const logEntrySchema = z.object({
  id: intId.optional(),
  imageid: z.string(),
  type: z.string(),
  message: z.string(),
  adddate: nullableText.optional(),
});
export type LogEntry = z.output<typeof logEntrySchema>;
export const logListSchema = z.array(logEntrySchema);

/** The JSON error body the sandbox sends (and the shapes other servers use that the client also reads). */
export const errorBodySchema = z
  .object({
    success: looseBoolean.optional(),
    msg: z.string().optional(),
    message: z.string().optional(),
    detail: z.string().optional(),
    error: z.string().optional(),
  })
  .loose();
export type ErrorBody = z.output<typeof errorBodySchema>;
