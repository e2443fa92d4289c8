import { parseSharedUserIds } from '../../src-shared/api/index.js';
import type { Dialect } from './dialects.js';

type Dialects = ReadonlySet<Dialect>;

/**
 * A stored timestamp ("2022-08-17 06:59:27.530508", UTC) as sent: as stored by default; under flask-dates as
 * Flask's jsonify writes a datetime (RFC 1123, "Wed, 17 Aug 2022 06:59:27 GMT").
 */
export function wireDate(dialects: Dialects, stored: string): string {
  if (!dialects.has('flask-dates')) return stored;
  const date = new Date(`${stored.replace(' ', 'T').slice(0, 23)}Z`);
  return Number.isNaN(date.getTime()) ? stored : date.toUTCString();
}

/** An id column the real server sends as a string ("4"); a JSON number under numeric-ids. */
export function wireId(dialects: Dialects, value: number | null): string | number | null {
  if (value === null) return null;
  return dialects.has('numeric-ids') ? value : String(value);
}

/**
 * The shared column: "19,20" by default (see src-shared/api/shared-users.ts); "19, 20" under shared-spaced;
 * a bare number under numeric-ids when it names one user (as a database integer column would come back).
 */
export function wireShared(dialects: Dialects, stored: string): string | number {
  const ids = parseSharedUserIds(stored);
  if (dialects.has('numeric-ids') && ids.length === 1 && ids[0] !== undefined) return ids[0];
  return dialects.has('shared-spaced') ? ids.join(', ') : stored;
}
