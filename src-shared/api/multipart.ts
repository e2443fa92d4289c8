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
  /**
   * Checksums the store verifies per part instead of Content-MD5 (optional; older servers omit it). `CRC32`: a part
   * URL signed for a part's CRC-32 (`checksumCrc32` when signing) requires the PUT to carry it as
   * `x-amz-checksum-crc32` (base64, big-endian), the store refuses a body that does not match (BadDigest) and
   * answers it back; listed parts carry `ChecksumCRC32`, and complete answers the object's full CRC-32 composed
   * from its parts.
   */
  checksumAlgorithms: z.array(z.string()).optional(),
});
export type MultipartCapabilities = z.infer<typeof multipartCapabilitiesSchema>;

/** `POST /S3/multipart` body. */
export const createMultipartRequestSchema = z.object({
  imageid: z.string().min(1),
  filename: z.string().min(1).optional(),
  type: z.string().optional(),
  /** `CRC32` when the server advertised it: every part of this upload carries its CRC-32. */
  checksumAlgorithm: z.literal('CRC32').optional(),
});
export type CreateMultipartRequest = z.infer<typeof createMultipartRequestSchema>;

export const createMultipartResultSchema = z.object({ key: z.string(), uploadId: z.string() });
export type CreateMultipartResult = z.infer<typeof createMultipartResultSchema>;

export const partNumberSchema = z.coerce.number().int().min(1).max(S3_MAX_PARTS);

/** CRC-32 as S3's `x-amz-checksum-crc32` carries it: base64 of 4 big-endian bytes. */
export const crc32Base64Schema = z.string().regex(/^[A-Za-z0-9+/]{6}==$/);

/** `GET /S3/multipart/:uploadId/:partNumber?key=[&checksumCrc32=]` */
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
  /** Base64 big-endian CRC-32 the store verified when the part was sent with one. */
  ChecksumCRC32: z.string().optional(),
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
  /** Base64 CRC-32 of the whole object, composed from its parts' CRC-32s (when every part carried one). */
  checksumCrc32: z.string().optional(),
});
export type CompleteMultipartResult = z.infer<typeof completeMultipartResultSchema>;
