import { afterEach, expect } from 'vitest';
import type { SandboxOptions } from '../../../src-main/sandbox/sandbox.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';

/** Starts sandboxes for a test file and stops each one after its test. */
export function sandboxPerTest(): (options?: Partial<SandboxOptions>) => Promise<TestSandbox> {
  const running: TestSandbox[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((sandbox) => sandbox.dispose()));
  });
  return async (options = {}) => {
    const sandbox = await startTestSandbox(options);
    running.push(sandbox);
    return sandbox;
  };
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON (fails the test if it is not JSON). */
  json: <T = Record<string, unknown>>() => T;
}

/** One API call with plain fetch, as a client on the wire would make it. */
export async function call(
  sandbox: TestSandbox,
  method: string,
  path: string,
  options: { body?: unknown; token?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (options.token) headers['Authorization'] = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${sandbox.api}${path}`, {
    method,
    headers,
    redirect: 'manual',
    ...(options.body === undefined
      ? {}
      : { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: <T>() => JSON.parse(text) as T,
  };
}

export interface CreatedImage {
  id: number;
  image_unique_id: string;
  response: Record<string, string>;
  [field: string]: unknown;
}

/** POST /Images with the API document's example body. */
export async function createImage(sandbox: TestSandbox, token?: string): Promise<CreatedImage> {
  const answer = await call(sandbox, 'POST', '/Images', {
    token,
    body: { patient_id: 1, entity_id: 4, filename: 'Test.svs', userid: 19, workarea: 6, study: 5 },
  });
  expect(answer.status).toBe(200);
  return answer.json<CreatedImage>();
}

/** Sends the presigned POST form: exactly the returned fields, then the file last. */
export async function postForm(presigned: Record<string, string>, bytes: Buffer): Promise<Response> {
  const { url, ...fields } = presigned;
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(bytes)]), 'Test.svs');
  return fetch(url!, { method: 'POST', body: form });
}

/** Creates an image, uploads `bytes` as its file and marks it Uploaded (whatever the PUT answers). */
export async function uploadedImage(sandbox: TestSandbox, bytes: Buffer, token?: string) {
  const image = await createImage(sandbox, token);
  expect((await postForm(image.response, bytes)).status).toBe(204);
  const put = await call(sandbox, 'PUT', `/Images/${image.id}`, { token, body: { status: 'Uploaded' } });
  expect(put.status).toBeLessThan(300);
  return image;
}

/** The image as GET /Images/userid/19 lists it now. */
export async function listedImage(sandbox: TestSandbox, uid: string, token?: string) {
  const list = (await call(sandbox, 'GET', '/Images/userid/19', { token })).json<
    Array<Record<string, unknown>>
  >();
  return list.find((image) => image['image_unique_id'] === uid);
}

/** The S3 error code and message of an XML error document. */
export function s3ErrorOf(xml: string): { code?: string; message?: string } {
  const text = (name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
  return { code: text('Code'), message: text('Message') };
}
