import { z } from 'zod';
import { imageSchema, type ImageRecord } from './image.js';
import { intId, looseBoolean, nullableText } from './wire-values.js';

/** `GET /Users/imagelist`: every user with their images. */
export const usersWithImagesSchema = z.array(z.object({ userid: intId, images: z.array(imageSchema) }));
export type UserWithImages = z.output<typeof usersWithImagesSchema>[number];

export const imageListSchema = z.array(imageSchema);

/**
 * `success` as the document spells it. A refusal (`success` false) never reaches a schema: the client turns it
 * into an error first. So an answer that omits it is a success too.
 */
const succeeded = looseBoolean.optional();

/**
 * Start/stop prediction and the share calls answer `{success, status, image}`. The app needs none of it beyond
 * "it worked": `status` is shown when present, `image` saves a reload when present.
 */
export const imageActionResultSchema = z
  .object({ success: succeeded, status: nullableText.optional(), image: imageSchema.optional() })
  .loose();
export type ImageActionResult = z.output<typeof imageActionResultSchema>;

/** `DELETE /Images/:image_unique_id` answers `{success, status}`. */
export const deleteResultSchema = z.object({ success: succeeded, status: nullableText.optional() }).loose();
export type DeleteResult = z.output<typeof deleteResultSchema>;

/** `POST /LogInfo` (and the annotation upload) answer `{success, msg}`. */
export const messageResultSchema = z
  .object({ success: succeeded, msg: nullableText.optional() })
  .loose()
  .optional();
export type MessageResult = z.output<typeof messageResultSchema>;

/**
 * `PUT /Images/:id`: the document gives no answer, and servers differ (the image, `{success, status, image}`,
 * `{success, msg}`, an empty 204, plain text). Any 2xx is success; the image is kept when one is recognisable.
 */
export const updateImageResultSchema = z.unknown().transform((body): { image: ImageRecord | undefined } => {
  const candidate =
    body && typeof body === 'object' && 'image' in body ? (body as { image: unknown }).image : body;
  const image = imageSchema.safeParse(candidate);
  return { image: image.success ? image.data : undefined };
});
export type UpdateImageResult = z.output<typeof updateImageResultSchema>;

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
