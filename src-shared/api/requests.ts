import { z } from 'zod';

const id = z.number().int().nonnegative();

/** `POST /Images` body (the API document's example). */
export const createImageRequestSchema = z.object({
  filename: z.string().min(1).max(1024),
  userid: id,
  patient_id: id.optional(),
  entity_id: id.optional(),
  workarea: id.optional(),
  study: id.optional(),
});
export type CreateImageRequest = z.infer<typeof createImageRequestSchema>;

/** `PUT /Images/:id` body: every field optional, send only what changes. */
export const updateImageRequestSchema = z.object({
  status: z.string().min(1).max(100).optional(),
  entity_id: id.optional(),
  patient_id: id.optional(),
  location: z.string().max(2048).optional(),
  workarea_id: id.optional(),
  description: z.string().max(10_000).optional(),
  study_id: id.optional(),
});
export type UpdateImageRequest = z.infer<typeof updateImageRequestSchema>;

/** `POST /Images/adduser|removeuser|updateuser` body. */
export const shareRequestSchema = z.object({
  userid: z.array(id),
  imageid: z.string().min(1),
});
export type ShareRequest = z.infer<typeof shareRequestSchema>;
export type ShareAction = 'adduser' | 'removeuser' | 'updateuser';

/** `POST /LogInfo` body. */
export const addLogRequestSchema = z.object({
  imageid: z.string().min(1),
  type: z.string().min(1).max(100),
  message: z.string().min(1).max(10_000),
});
export type AddLogRequest = z.infer<typeof addLogRequestSchema>;

/**
 * `POST /Annotations/upload` form fields besides `upload_file`: `imageid` is the numeric image id,
 * `fileid` the image_unique_id (as in the API document's example).
 */
export const annotationUploadFieldsSchema = z.object({
  imageid: z.coerce.number().int().nonnegative(),
  userid: z.coerce.number().int().nonnegative(),
  fileid: z.string().min(1),
});
export type AnnotationUploadFields = z.infer<typeof annotationUploadFieldsSchema>;
