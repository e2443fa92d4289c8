import { randomUUID } from 'node:crypto';
import { formatSharedUserIds, parseSharedUserIds } from '../../../src-shared/api/index.js';
import { statement, updateColumns, type Db } from '../../shared/sqlite.js';
import { serverTimestamp } from '../clock.js';

/** An image row as stored (the wire shape is made by image-wire.ts). */
export interface ImageRow {
  id: number;
  image_unique_id: string;
  owner_userid: number;
  workarea_id: number | null;
  entity_id: number | null;
  study_id: number | null;
  patient_id: number | null;
  filename: string;
  location: string | null;
  description: string | null;
  workarea: string | null;
  study: string | null;
  adddate: string;
  moddate: string;
  status: string;
  uploaded: number;
  tissue_area: number | null;
  outcome_prediction: string | null;
  metric: string | null;
  shared: string;
  annotation_status: string;
  tissuearea_status: string;
  tiling_status: string;
}

export interface NewImage {
  filename: string;
  userid: number;
  patient_id?: number | undefined;
  entity_id?: number | undefined;
}

/** Columns a caller may change with {@link ImagesRepo.update}. */
export type ImagePatch = Partial<
  Pick<
    ImageRow,
    | 'status'
    | 'uploaded'
    | 'workarea_id'
    | 'entity_id'
    | 'study_id'
    | 'patient_id'
    | 'location'
    | 'description'
    | 'tissue_area'
    | 'outcome_prediction'
    | 'metric'
    | 'shared'
    | 'annotation_status'
    | 'tissuearea_status'
    | 'tiling_status'
  >
>;

const PATCHABLE_COLUMNS = new Set<string>([
  'status',
  'uploaded',
  'workarea_id',
  'entity_id',
  'study_id',
  'patient_id',
  'location',
  'description',
  'tissue_area',
  'outcome_prediction',
  'metric',
  'shared',
  'annotation_status',
  'tissuearea_status',
  'tiling_status',
]);

export class ImagesRepo {
  constructor(private readonly db: Db) {}

  create(input: NewImage): ImageRow {
    const now = serverTimestamp();
    const uid = randomUUID().replaceAll('-', '');
    // As in the API document's example: workarea/study given at creation are not stored (they come back null);
    // clients set workarea_id/study_id with PUT /Images/:id.
    statement(
      this.db,
      `INSERT INTO images (image_unique_id, owner_userid, patient_id, entity_id, filename, adddate, moddate,
           status, shared, annotation_status, tissuearea_status, tiling_status)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'In Progress', ?, 'Pending', 'Pending', 'Pending')`,
    ).run(
      uid,
      input.userid,
      input.patient_id ?? null,
      input.entity_id ?? null,
      input.filename,
      now,
      now,
      String(input.userid),
    );
    return this.byUniqueId(uid)!;
  }

  byUniqueId(uid: string): ImageRow | undefined {
    return statement<[string], ImageRow>(this.db, 'SELECT * FROM images WHERE image_unique_id = ?').get(uid);
  }

  byId(id: number): ImageRow | undefined {
    return statement<[number], ImageRow>(this.db, 'SELECT * FROM images WHERE id = ?').get(id);
  }

  all(): ImageRow[] {
    return statement<[], ImageRow>(this.db, 'SELECT * FROM images ORDER BY id').all();
  }

  /** Images visible to a user: those whose `shared` list names them (the owner is in it from creation). */
  visibleTo(userid: number): ImageRow[] {
    return this.all().filter((row) => parseSharedUserIds(row.shared).includes(userid));
  }

  update(uid: string, patch: ImagePatch): ImageRow | undefined {
    updateColumns(this.db, 'images', PATCHABLE_COLUMNS, { column: 'image_unique_id', value: uid }, patch, {
      moddate: serverTimestamp(),
    });
    return this.byUniqueId(uid);
  }

  setShared(uid: string, userIds: readonly number[]): ImageRow | undefined {
    return this.update(uid, { shared: formatSharedUserIds(userIds) });
  }

  delete(uid: string): boolean {
    return statement(this.db, 'DELETE FROM images WHERE image_unique_id = ?').run(uid).changes > 0;
  }
}
