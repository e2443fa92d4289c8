import type { Migration } from '../../shared/sqlite.js';

export const sandboxMigrations: readonly Migration[] = [
  {
    name: '001_initial',
    sql: `
      CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL
      );
      CREATE TABLE images (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        image_unique_id TEXT NOT NULL UNIQUE,
        owner_userid INTEGER NOT NULL REFERENCES users(id),
        workarea_id INTEGER, entity_id INTEGER, study_id INTEGER, patient_id INTEGER,
        filename TEXT NOT NULL,
        location TEXT, description TEXT, workarea TEXT, study TEXT,
        adddate TEXT NOT NULL, moddate TEXT NOT NULL,
        status TEXT NOT NULL,
        uploaded INTEGER NOT NULL DEFAULT 0,
        tissue_area REAL, outcome_prediction TEXT, metric TEXT,
        shared TEXT NOT NULL,
        annotation_status TEXT NOT NULL, tissuearea_status TEXT NOT NULL, tiling_status TEXT NOT NULL
      );
      CREATE TABLE logs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        imageid TEXT NOT NULL,
        type TEXT NOT NULL,
        message TEXT NOT NULL,
        adddate TEXT NOT NULL
      );
      CREATE INDEX logs_by_image ON logs(imageid, id);
    `,
  },
];
