import type { Db } from '../../shared/sqlite.js';
import { serverTimestamp } from '../clock.js';

export interface LogRow {
  id: number;
  imageid: string;
  type: string;
  message: string;
  adddate: string;
}

export class LogsRepo {
  constructor(private readonly db: Db) {}

  add(imageid: string, type: string, message: string): LogRow {
    const adddate = serverTimestamp();
    const { lastInsertRowid } = this.db
      .prepare('INSERT INTO logs (imageid, type, message, adddate) VALUES (?, ?, ?, ?)')
      .run(imageid, type, message, adddate);
    return { id: Number(lastInsertRowid), imageid, type, message, adddate };
  }

  all(): LogRow[] {
    return this.db.prepare<[], LogRow>('SELECT * FROM logs ORDER BY id').all();
  }

  forImage(imageid: string): LogRow[] {
    return this.db.prepare<[string], LogRow>('SELECT * FROM logs WHERE imageid = ? ORDER BY id').all(imageid);
  }

  deleteForImage(imageid: string): void {
    this.db.prepare('DELETE FROM logs WHERE imageid = ?').run(imageid);
  }
}
