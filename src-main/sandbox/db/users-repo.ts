import { statement, type Db } from '../../shared/sqlite.js';

export interface UserRow {
  id: number;
  name: string;
}

/** Users the sandbox knows from its first start (19 is the user of the API document's examples). */
export const BUILT_IN_USERS: readonly UserRow[] = [
  { id: 19, name: 'Dr. Ada Byrne' },
  { id: 20, name: 'Dr. Kwame Mensah' },
  { id: 21, name: 'Lab Tech Mia Chen' },
  { id: 22, name: 'Dr. Luis Ortega' },
  { id: 23, name: 'Scanner Station 1' },
];

export class UsersRepo {
  constructor(private readonly db: Db) {}

  ensure(users: readonly UserRow[]): void {
    const insert = statement(this.db, 'INSERT OR IGNORE INTO users (id, name) VALUES (?, ?)');
    this.db.transaction(() => users.forEach((user) => insert.run(user.id, user.name)))();
  }

  /** The server has no user endpoints; a user who creates an image is known from then on. */
  register(id: number): void {
    this.ensure([{ id, name: `User ${id}` }]);
  }

  all(): UserRow[] {
    return statement<[], UserRow>(this.db, 'SELECT id, name FROM users ORDER BY id').all();
  }

  unknownOf(ids: readonly number[]): number[] {
    const known = new Set(this.all().map((user) => user.id));
    return ids.filter((id) => !known.has(id));
  }
}
