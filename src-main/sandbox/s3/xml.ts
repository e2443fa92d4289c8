import { XMLParser } from 'fast-xml-parser';
import { z } from 'zod';
import { s3Errors } from './errors.js';

export const S3_XML_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** Escapes element text (quotes need no escaping there, and S3 leaves them as they are). */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** `<name>text</name>` with the text escaped. */
export function textElement(name: string, value: string | number | boolean): string {
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** `<name>…children…</name>`; children are already-built elements. */
export function element(name: string, children: readonly string[], attributes = ''): string {
  return `<${name}${attributes}>${children.join('')}</${name}>`;
}

export function xmlDocument(root: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${root}`;
}

/** The root element of an S3 response document, in S3's namespace. */
export function s3Document(name: string, children: readonly string[]): string {
  return xmlDocument(element(name, children, ` xmlns="${S3_XML_NAMESPACE}"`));
}

export function errorDocument(code: string, message: string, resource: string, requestId: string): string {
  return xmlDocument(
    element('Error', [
      textElement('Code', code),
      textElement('Message', message),
      textElement('Resource', resource),
      textElement('RequestId', requestId),
    ]),
  );
}

const completeSchema = z.object({
  CompleteMultipartUpload: z.object({
    Part: z.array(z.object({ PartNumber: z.string().regex(/^\d+$/), ETag: z.string() })).optional(),
  }),
});

const completeParser = new XMLParser({
  ignoreDeclaration: true,
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  // Go clients (rclone) write the ETag quotes as numeric references (&#34;), which only this decodes.
  htmlEntities: true,
  isArray: (name) => name === 'Part',
});

/** Parses a CompleteMultipartUpload request body (MalformedXML when it is not one). */
export function parseCompleteMultipartUpload(body: string): Array<{ partNumber: number; etag: string }> {
  let parsed: unknown;
  try {
    parsed = completeParser.parse(body, true);
  } catch {
    throw s3Errors.malformedXml();
  }
  const result = completeSchema.safeParse(parsed);
  if (!result.success) throw s3Errors.malformedXml();
  return (result.data.CompleteMultipartUpload.Part ?? []).map((part) => ({
    partNumber: Number(part.PartNumber),
    etag: part.ETag,
  }));
}
