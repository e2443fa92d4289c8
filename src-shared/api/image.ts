import { z } from 'zod';
import { intId, nullableIntId, nullableNumber, nullableText, sharedText } from './wire-values.js';

/**
 * The image object, every field of the API document's `POST /Images` example. Fields shown as null there are
 * nullable; ids are normalised to numbers. Unknown extra fields from a server are dropped, never fatal.
 */
export const imageSchema = z.object({
  id: intId,
  image_unique_id: z.string().min(1),
  workarea_id: nullableIntId,
  entity_id: nullableIntId,
  study_id: nullableIntId,
  patient_id: nullableIntId,
  filename: z.string(),
  location: nullableText,
  description: nullableText,
  workarea: nullableText,
  study: nullableText,
  adddate: nullableText,
  moddate: nullableText,
  status: nullableText,
  base_download_url: nullableText,
  base_raw_download_url: nullableText,
  tissue_area: nullableNumber,
  outcome_prediction: nullableText,
  shared: sharedText,
  annotation_status: nullableText,
  tissuearea_status: nullableText,
  tiling_status: nullableText,
  metric: nullableText,
});

export type ImageRecord = z.output<typeof imageSchema>;

/**
 * The image object exactly as the server puts it on the wire (the API document's example): numeric `id`,
 * ids such as `entity_id` as strings, `shared` a comma string. The sandbox emits this shape.
 */
export interface ImageWire {
  id: number;
  image_unique_id: string;
  workarea_id: string | null;
  entity_id: string | null;
  study_id: string | null;
  patient_id: string | null;
  filename: string;
  location: string | null;
  description: string | null;
  workarea: string | null;
  study: string | null;
  adddate: string;
  moddate: string;
  status: string;
  base_download_url: string | null;
  base_raw_download_url: string | null;
  tissue_area: number | null;
  outcome_prediction: string | null;
  shared: string;
  annotation_status: string;
  tissuearea_status: string;
  tiling_status: string;
  metric: string | null;
}

/** The presigned POST handed out with a new image: `url` plus whatever string fields the server signs. */
export const presignedPostSchema = z.object({ url: z.string().url() }).catchall(z.string());
export type PresignedPost = z.output<typeof presignedPostSchema>;

/** `POST /Images` answers with the image object plus the presigned POST in `response`. */
export const createdImageSchema = imageSchema.extend({ response: presignedPostSchema });
export type CreatedImage = z.output<typeof createdImageSchema>;
