import { readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import type { z } from 'zod';
import type { StoreLayout } from './layout.js';

/** Writes JSON so readers see either the old file or the complete new one, never a torn write. */
export async function writeJsonAtomic(layout: StoreLayout, path: string, value: unknown): Promise<void> {
  const tmp = layout.tmpPath();
  try {
    await writeFile(tmp, JSON.stringify(value));
    await rename(tmp, path);
  } catch (error) {
    await removeFileQuietly(tmp);
    throw error;
  }
}

/** Reads and validates a JSON record; undefined when the file is missing or not a valid record. */
export async function readJsonRecord<T>(path: string, schema: z.ZodType<T>): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export async function removeFileQuietly(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}

export async function removeDirQuietly(path: string): Promise<void> {
  await rm(path, { recursive: true, force: true });
}

export function isNotFound(error: unknown): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === 'ENOENT';
}
