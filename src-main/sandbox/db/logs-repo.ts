import { statement, type Db } from '../../shared/sqlite.js';
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
    const { lastInsertRowid } = statement(
      this.db,
      'INSERT INTO logs (imageid, type, message, adddate) VALUES (?, ?, ?, ?)',
    ).run(imageid, type, message, adddate);
    return { id: Number(lastInsertRowid), imageid, type, message, adddate };
  }

  all(): LogRow[] {
    return statement<[], LogRow>(this.db, 'SELECT * FROM logs ORDER BY id').all();
  }

  forImage(imageid: string): LogRow[] {
    return statement<[string], LogRow>(this.db, 'SELECT * FROM logs WHERE imageid = ? ORDER BY id').all(
      imageid,
    );
  }

  deleteForImage(imageid: string): void {
    statement(this.db, 'DELETE FROM logs WHERE imageid = ?').run(imageid);
  }
}
