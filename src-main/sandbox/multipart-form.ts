import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import { badRequest, HttpError } from './http-errors.js';

export interface SmallForm {
  fields: Record<string, string>;
  files: Record<string, { filename: string; data: Buffer }>;
}

/** Reads a multipart/form-data body whose files are small enough to hold in memory (annotation XML). */
export function readSmallForm(req: IncomingMessage, maxFileBytes: number): Promise<SmallForm> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { fileSize: maxFileBytes, files: 4, fields: 50 } });
    } catch (error) {
      reject(badRequest(`Expected a multipart/form-data body: ${(error as Error).message}`));
      return;
    }
    const form: SmallForm = { fields: {}, files: {} };
    parser.on('field', (name, value) => {
      form.fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () =>
        reject(new HttpError(413, `The file "${info.filename}" is larger than ${maxFileBytes} bytes.`)),
      );
      stream.on('end', () => {
        form.files[name] = { filename: info.filename ?? '', data: Buffer.concat(chunks) };
      });
    });
    parser.on('error', (error: Error) => reject(badRequest(`Malformed multipart form: ${error.message}`)));
    parser.on('close', () => resolve(form));
    req.pipe(parser);
  });
}
