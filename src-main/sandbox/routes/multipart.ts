import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  completeMultipartRequestSchema,
  createMultipartRequestSchema,
  crc32Base64Schema,
  partNumberSchema,
  S3_MAX_PART_SIZE,
  S3_MAX_PARTS,
  S3_MIN_PART_SIZE,
  type MultipartCapabilities,
} from '../../../src-shared/api/index.js';
import type { SandboxContext } from '../context.js';
import { badRequest, conflict, notFound, parseOr400 } from '../http-errors.js';

const keyQuery = z.object({ key: z.string().min(1).max(200) });
const uploadIdParam = z.object({ uploadId: z.string().min(1).max(400) });
const batchQuery = keyQuery.extend({ partNumbers: z.string().min(1) });
const signParams = uploadIdParam.extend({ partNumber: partNumberSchema });
const signQuery = keyQuery.extend({ checksumCrc32: crc32Base64Schema.optional() });
const MAX_BATCH = 1000;

/**
 * The S3 multipart extension, modelled on Uppy Companion's /s3/multipart routes. The object key is always the
 * image's image_unique_id, so a key that is not a known image is refused.
 */
export function registerMultipartRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const partChecksums = !ctx.dialects.has('md5-parts');
  const imageKey = (query: unknown): string => {
    const { key } = parseOr400(keyQuery, query, 'query');
    if (!ctx.images.byUniqueId(key)) throw notFound(`Image ${key} does not exist.`);
    return key;
  };

  app.get('/S3/multipart', async (): Promise<MultipartCapabilities> => ({
    multipart: true,
    minPartSize: S3_MIN_PART_SIZE,
    maxPartSize: S3_MAX_PART_SIZE,
    maxParts: S3_MAX_PARTS,
    expiresIn: ctx.presignTtlSeconds,
    contentMd5: true,
    // The md5-parts dialect is a server from before part checksums: it neither offers nor signs them.
    ...(partChecksums ? { checksumAlgorithms: ['CRC32'] } : {}),
  }));

  app.post('/S3/multipart', async (request) => {
    const body = parseOr400(createMultipartRequestSchema, request.body, 'multipart upload request');
    const row = ctx.images.byUniqueId(body.imageid);
    if (!row) throw notFound(`Image ${body.imageid} does not exist.`);
    if (row.uploaded === 1)
      throw conflict(`Image ${body.imageid} is already uploaded; create a new image to upload again.`);
    const { uploadId } = await ctx.store.createMultipartUpload(row.image_unique_id, body.type);
    return { key: row.image_unique_id, uploadId };
  });

  app.get('/S3/multipart/:uploadId/batch', async (request) => {
    const { uploadId } = parseOr400(uploadIdParam, request.params, 'upload id');
    const query = parseOr400(batchQuery, request.query, 'query');
    const key = imageKey({ key: query.key });
    const numbers = query.partNumbers
      .split(',')
      .map((part) => parseOr400(partNumberSchema, part, 'part number'));
    if (numbers.length > MAX_BATCH) throw badRequest(`Sign at most ${MAX_BATCH} parts per request.`);
    const presignedUrls: Record<string, string> = {};
    for (const partNumber of numbers) {
      presignedUrls[String(partNumber)] = await ctx.store.presignUploadPart(
        key,
        uploadId,
        partNumber,
        ctx.presignTtlSeconds,
      );
    }
    return { presignedUrls, expires: ctx.presignTtlSeconds };
  });

  app.get('/S3/multipart/:uploadId/:partNumber', async (request) => {
    const { uploadId, partNumber } = parseOr400(signParams, request.params, 'part');
    const key = imageKey(request.query);
    const { checksumCrc32 } = parseOr400(signQuery, request.query, 'query');
    const url = await ctx.store.presignUploadPart(
      key,
      uploadId,
      partNumber,
      ctx.presignTtlSeconds,
      partChecksums ? checksumCrc32 : undefined,
    );
    return { url, expires: ctx.presignTtlSeconds };
  });

  app.get('/S3/multipart/:uploadId', async (request) => {
    const { uploadId } = parseOr400(uploadIdParam, request.params, 'upload id');
    const listed = await ctx.store.listParts(imageKey(request.query), uploadId);
    return partChecksums ? listed : listed.map(({ ChecksumCRC32: _omitted, ...part }) => part);
  });

  app.post('/S3/multipart/:uploadId/complete', async (request) => {
    const { uploadId } = parseOr400(uploadIdParam, request.params, 'upload id');
    const key = imageKey(request.query);
    const { parts } = parseOr400(completeMultipartRequestSchema, request.body, 'parts list');
    const { etag, size, checksumCrc32 } = await ctx.store.completeMultipartUpload(key, uploadId, parts);
    return {
      location: `${ctx.apiBase()}/${ctx.store.bucket}/${encodeURIComponent(key)}`,
      etag,
      size,
      ...(checksumCrc32 && partChecksums ? { checksumCrc32 } : {}),
    };
  });

  app.delete('/S3/multipart/:uploadId', async (request) => {
    const { uploadId } = parseOr400(uploadIdParam, request.params, 'upload id');
    await ctx.store.abortMultipartUpload(imageKey(request.query), uploadId);
    return {};
  });
}
