import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'pathomiq-uploader';

/**
 * The folder holding our package.json, found by walking up from this module: the same whether run through tsx
 * from src-main or compiled into dist/node, and independent of the current directory.
 */
export function projectRoot(from = path.dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && readPackage(manifest).name === PACKAGE_NAME) return dir;
    if (path.dirname(dir) === dir)
      throw new Error(`Cannot find the ${PACKAGE_NAME} package folder above ${from}.`);
  }
}

export const projectVersion = (root = projectRoot()): string =>
  readPackage(path.join(root, 'package.json')).version ?? '0.0.0';

function readPackage(file: string): { name?: string; version?: string } {
  return JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
}
