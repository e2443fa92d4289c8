import { z } from 'zod';

/**
 * The S3 multipart extension (not in the seed API document). Routes and shapes follow Uppy Companion's
 * `/s3/multipart` routes under `/S3/multipart`, keyed by the image's `image_unique_id`. A client discovers it with
 * `GET /S3/multipart`: a server that offers it answers {@link multipartCapabilitiesSchema}; any other answer
 * (404 from a server without it) means "use the presigned POST".
 */

export const S3_MIN_PART_SIZE = 5 * 1024 * 1024;
export const S3_MAX_PART_SIZE = 5 * 1024 * 1024 * 1024;
export const S3_MAX_PARTS = 10_000;

export const multipartCapabilitiesSchema = z.object({
  multipart: z.literal(true),
  minPartSize: z.number().int().positive(),
  maxPartSize: z.number().int().positive(),
  maxParts: z.number().int().positive(),
  /** Lifetime of a signed part URL, seconds. */
  expiresIn: z.number().int().positive(),
  /** The part PUT may carry Content-MD5 and the store verifies it. */
  contentMd5: z.boolean(),
});
export type MultipartCapabilities = z.infer<typeof multipartCapabilitiesSchema>;

/** `POST /S3/multipart` body. */
export const createMultipartRequestSchema = z.object({
  imageid: z.string().min(1),
  filename: z.string().min(1).optional(),
  type: z.string().optional(),
});
export type CreateMultipartRequest = z.infer<typeof createMultipartRequestSchema>;

export const createMultipartResultSchema = z.object({ key: z.string(), uploadId: z.string() });
export type CreateMultipartResult = z.infer<typeof createMultipartResultSchema>;

export const partNumberSchema = z.coerce.number().int().min(1).max(S3_MAX_PARTS);

/** `GET /S3/multipart/:uploadId/:partNumber?key=` */
export const signPartResultSchema = z.object({ url: z.string().url(), expires: z.number().int() });
export type SignPartResult = z.infer<typeof signPartResultSchema>;

/** `GET /S3/multipart/:uploadId/batch?key=&partNumbers=1,2,3` */
export const signPartsBatchResultSchema = z.object({
  presignedUrls: z.record(z.string(), z.string().url()),
  expires: z.number().int(),
});
export type SignPartsBatchResult = z.infer<typeof signPartsBatchResultSchema>;

/** `GET /S3/multipart/:uploadId?key=`: the parts the store already holds. */
export const uploadedPartSchema = z.object({
  PartNumber: z.number().int().min(1),
  Size: z.number().int().nonnegative(),
  ETag: z.string(),
});
export const uploadedPartsSchema = z.array(uploadedPartSchema);
export type UploadedPart = z.infer<typeof uploadedPartSchema>;

/** `POST /S3/multipart/:uploadId/complete?key=` body. */
export const completeMultipartRequestSchema = z.object({
  parts: z
    .array(z.object({ PartNumber: z.number().int().min(1).max(S3_MAX_PARTS), ETag: z.string().min(1) }))
    .min(1),
});
export type CompleteMultipartRequest = z.infer<typeof completeMultipartRequestSchema>;

export const completeMultipartResultSchema = z.object({
  location: z.string(),
  /** S3's multipart ETag: MD5 of the part MD5s, "-" and the part count. */
  etag: z.string(),
  size: z.number().int().nonnegative(),
});
export type CompleteMultipartResult = z.infer<typeof completeMultipartResultSchema>;
