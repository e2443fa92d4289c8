import { createHash, randomFillSync } from 'node:crypto';
import { mkdir, open, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { progress } from './log.js';
import { formatSize, MiB } from './units.js';

export interface SourceFile {
  path: string;
  name: string;
  size: number;
  sha256: string;
}

export interface SourceFolder {
  dir: string;
  files: SourceFile[];
  totalBytes: number;
}

const CHUNK = 16 * MiB;

/** Random bytes (OpenSSL's generator, 16 MiB at a time: faster than the disk), hashed while written. */
async function writeRandomFile(filePath: string, size: number): Promise<SourceFile> {
  const buffer = Buffer.allocUnsafe(Math.min(CHUNK, Math.max(size, 1)));
  const hash = createHash('sha256');
  const handle = await open(filePath, 'w');
  try {
    for (let written = 0; written < size;) {
      const chunk = buffer.subarray(0, Math.min(buffer.length, size - written));
      randomFillSync(chunk);
      hash.update(chunk);
      await handle.write(chunk, 0, chunk.length);
      written += chunk.length;
    }
  } finally {
    await handle.close();
  }
  return { path: filePath, name: path.basename(filePath), size, sha256: hash.digest('hex') };
}

interface ManifestEntry {
  size: number;
  mtimeMs: number;
  sha256: string;
}

/**
 * The benchmark's source files, made on first use and shared by every comparison. With `keep`, they stay in
 * the folder with a manifest of their hashes and are reused by the next run when size and mtime still match.
 */
export class TestFiles {
  private readonly singles = new Map<number, Promise<SourceFile>>();
  private readonly folders = new Map<string, Promise<SourceFolder>>();
  private manifest: Promise<Record<string, ManifestEntry>> | undefined;

  constructor(
    readonly dir: string,
    private readonly keep: boolean,
  ) {}

  single(size: number): Promise<SourceFile> {
    let file = this.singles.get(size);
    if (!file) {
      file = this.make(path.join(this.dir, `slide-${formatSize(size).replace(' ', '')}.svs`), size);
      this.singles.set(size, file);
    }
    return file;
  }

  folder(count: number, size: number): Promise<SourceFolder> {
    const name = `folder-${count}x${formatSize(size).replace(' ', '')}`;
    let folder = this.folders.get(name);
    if (!folder) {
      folder = this.makeFolder(path.join(this.dir, name), count, size);
      this.folders.set(name, folder);
    }
    return folder;
  }

  private async makeFolder(dir: string, count: number, size: number): Promise<SourceFolder> {
    await mkdir(dir, { recursive: true });
    progress(`preparing ${count} × ${formatSize(size)} files in ${dir}`);
    const files: SourceFile[] = [];
    for (let index = 1; index <= count; index++)
      files.push(await this.make(path.join(dir, `slide-${String(index).padStart(4, '0')}.svs`), size, true));
    await this.saveManifest();
    return { dir, files, totalBytes: count * size };
  }

  private async make(filePath: string, size: number, quiet = false): Promise<SourceFile> {
    const manifest = await this.loadManifest();
    const known = manifest[filePath];
    const current = await stat(filePath).catch(() => undefined);
    if (this.keep && known && current && current.size === size && current.mtimeMs === known.mtimeMs)
      return { path: filePath, name: path.basename(filePath), size, sha256: known.sha256 };
    await mkdir(path.dirname(filePath), { recursive: true });
    if (!quiet) progress(`writing ${formatSize(size)} of random bytes to ${filePath}`);
    const file = await writeRandomFile(filePath, size);
    manifest[filePath] = { size, mtimeMs: (await stat(filePath)).mtimeMs, sha256: file.sha256 };
    if (!quiet) await this.saveManifest();
    return file;
  }

  private loadManifest(): Promise<Record<string, ManifestEntry>> {
    this.manifest ??= readFile(this.manifestPath, 'utf8').then(
      (text) => JSON.parse(text) as Record<string, ManifestEntry>,
      () => ({}),
    );
    return this.manifest;
  }

  private async saveManifest(): Promise<void> {
    if (this.keep) await writeFile(this.manifestPath, JSON.stringify(await this.loadManifest(), null, 1));
  }

  private get manifestPath(): string {
    return path.join(this.dir, 'manifest.json');
  }
}
