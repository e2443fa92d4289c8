import { expect } from 'vitest';
import { postToStorage } from '../../../src-main/api/presigned-post.js';
import type { PresignedPost } from '../../../src-shared/api/index.js';
import type { RunningSandbox } from '../../../src-main/sandbox/sandbox.js';
import { waitFor } from '../../helpers/wait.js';

export interface Image {
  id: number;
  image_unique_id: string;
  filename: string;
  status: string;
  tiling_status: string;
  tissuearea_status: string;
  annotation_status: string;
}

/** Generous: the check reads the real object and the pipeline runs on timers, on a busy machine. */
export const SETTLE_MS = 60_000;

/** The app's upload flow against a sandbox, and what a test needs to see its outcome. */
export function zipUploadFlow(sandbox: () => RunningSandbox) {
  const json = async <T>(path: string, init?: RequestInit): Promise<T> => {
    const response = await fetch(`${sandbox().api}${path}`, init);
    expect(response.status, `${init?.method ?? 'GET'} ${path}`).toBe(200);
    return (await response.json()) as T;
  };

  const createImage = (filename: string) =>
    json<Image & { response: PresignedPost }>('/Images', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ filename, userid: 19, patient_id: 1, entity_id: 4 }),
    });

  const markUploaded = (image: Image) =>
    json(`/Images/${image.id}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ status: 'Uploaded' }),
    });

  /** POST /Images, the presigned form POST (the app's transport), PUT status Uploaded. */
  const upload = async (filename: string, zip: Buffer): Promise<Image> => {
    const image = await createImage(filename);
    await postToStorage(image.response, { body: zip, size: zip.length, fileName: filename });
    await markUploaded(image);
    return image;
  };

  const imageOf = async (uid: string): Promise<Image> =>
    (await json<Image[]>('/Images/userid/19')).find((image) => image.image_unique_id === uid)!;

  /** Waits until the pipeline has run to its end, or stopped at a refused upload. */
  const settled = (uid: string) =>
    waitFor(
      async () => {
        const image = await imageOf(uid);
        return image.annotation_status === 'Completed' || image.tiling_status === 'Failed'
          ? image
          : undefined;
      },
      `image ${uid} to finish processing or be refused`,
      SETTLE_MS,
    );

  const logsOf = async (uid: string): Promise<string[]> =>
    (await json<Array<{ message: string }>>(`/LogInfo/${uid}`)).map((log) => log.message);

  /** Processed as one slide, after a "ZIP checked" entry; returns its log messages. */
  const expectAccepted = async (image: Image, members: number): Promise<string[]> => {
    const done = await settled(image.image_unique_id);
    expect(done).toMatchObject({
      status: 'Uploaded',
      tiling_status: 'Completed',
      tissuearea_status: 'Completed',
      annotation_status: 'Completed',
    });
    const logs = await logsOf(image.image_unique_id);
    const checked = logs.findIndex((m) =>
      new RegExp(`^ZIP checked: ${members} members, [\\d.]+ [KM]iB$`).test(m),
    );
    expect(checked, logs.join('\n')).toBeGreaterThanOrEqual(0);
    expect(logs.indexOf('Tiling is running')).toBeGreaterThan(checked);
    return logs;
  };

  /** Stopped before tiling, with a failed status and a log entry matching `reason`. */
  const expectRefused = async (image: Image, reason: RegExp): Promise<void> => {
    const done = await settled(image.image_unique_id);
    expect(done).toMatchObject({ status: 'Upload Failed', tiling_status: 'Failed' });
    const logs = await logsOf(image.image_unique_id);
    expect(logs).toContainEqual(expect.stringMatching(reason));
    expect(logs).not.toContain('Tiling is running');
  };

  return { json, createImage, markUploaded, upload, imageOf, logsOf, expectAccepted, expectRefused };
}
