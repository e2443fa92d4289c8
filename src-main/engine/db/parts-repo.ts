import { statement, type Db } from '../../shared/sqlite.js';

export interface PartRow {
  part_number: number;
  size: number;
  etag: string;
  /** Hex MD5 storage verified (Content-MD5) and answered as the ETag; null when the part went with a CRC-32. */
  md5: string | null;
  /** Base64 CRC-32 storage verified (x-amz-checksum-crc32); null when the part went with Content-MD5. */
  crc32: string | null;
}

/** Parts of a multipart upload that storage has confirmed, recorded as each one lands. */
export class PartsRepo {
  constructor(private readonly db: Db) {}

  forJob(jobId: number): PartRow[] {
    return statement<[number], PartRow>(
      this.db,
      'SELECT part_number, size, etag, md5, crc32 FROM job_parts WHERE job_id = ? ORDER BY part_number',
    ).all(jobId);
  }

  record(jobId: number, part: PartRow): void {
    statement(
      this.db,
      'INSERT OR REPLACE INTO job_parts (job_id, part_number, size, etag, md5, crc32) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(jobId, part.part_number, part.size, part.etag, part.md5, part.crc32);
  }

  clear(jobId: number): void {
    statement(this.db, 'DELETE FROM job_parts WHERE job_id = ?').run(jobId);
  }
}
