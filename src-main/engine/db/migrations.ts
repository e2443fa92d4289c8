import type { Migration } from '../../shared/sqlite.js';

/**
 * The durable queue. Every state change is committed before the next side effect, and the phase a job resumes
 * in is derived from what is recorded (image id, upload id, parts, flags), so replaying any step is safe.
 * Never stored: tokens, presigned URLs, policies or signatures.
 */
export const queueMigrations: readonly Migration[] = [
  {
    name: '001_jobs',
    sql: `
      CREATE TABLE jobs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        source_path TEXT NOT NULL,
        file_name TEXT NOT NULL,
        size INTEGER NOT NULL,
        mtime_ms INTEGER NOT NULL,
        userid INTEGER NOT NULL,
        patient_id INTEGER, entity_id INTEGER, workarea INTEGER, study INTEGER, description TEXT,
        state TEXT NOT NULL,
        priority INTEGER NOT NULL DEFAULT 0,
        position REAL NOT NULL,
        image_id INTEGER,
        image_unique_id TEXT,
        -- When the first POST /Images for this job was sent: the window in which an unrecorded answer is searched.
        registering_since INTEGER,
        upload_mode TEXT,
        upload_id TEXT,
        part_size INTEGER,
        -- The upload is complete on storage (multipart completed, or POST accepted); verified size and etag.
        upload_complete INTEGER NOT NULL DEFAULT 0,
        stored_etag TEXT,
        bytes_done INTEGER NOT NULL DEFAULT 0,
        sha256 TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        error_message TEXT, error_kind TEXT, error_retryable INTEGER,
        retry_at INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        finished_at INTEGER
      );
      CREATE INDEX jobs_by_order ON jobs(state, priority DESC, position);
      CREATE INDEX jobs_by_source ON jobs(source_path, size, mtime_ms);
      CREATE TABLE job_parts (
        job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
        part_number INTEGER NOT NULL,
        size INTEGER NOT NULL,
        etag TEXT NOT NULL,
        md5 TEXT NOT NULL,
        PRIMARY KEY (job_id, part_number)
      );
    `,
  },
  {
    name: '002_watch_folders',
    sql: `
      CREATE TABLE watch_folders (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        path TEXT NOT NULL UNIQUE,
        -- How many folder levels below the watched one are watched (NULL: all).
        depth INTEGER,
        -- JSON array of lower-case extensions (".svs") a file must have to be considered.
        include_extensions TEXT NOT NULL,
        userid INTEGER NOT NULL,
        patient_id INTEGER, entity_id INTEGER, workarea INTEGER, study INTEGER, description TEXT,
        -- 'leave' | 'move' | 'delete' (delete only after a verified upload)
        after_upload TEXT NOT NULL DEFAULT 'leave',
        move_subdir TEXT,
        -- NULL: decide (network filesystems poll); 0: native events; 1: polling
        use_polling INTEGER,
        stable_seconds REAL NOT NULL DEFAULT 10,
        enabled INTEGER NOT NULL DEFAULT 1,
        created_at INTEGER NOT NULL
      );
      ALTER TABLE jobs ADD COLUMN watch_folder_id INTEGER REFERENCES watch_folders(id) ON DELETE SET NULL;
      -- SHA-256 of size + first and last MiB: finds likely duplicates cheaply before a full hash confirms.
      ALTER TABLE jobs ADD COLUMN fingerprint TEXT;
      CREATE INDEX jobs_by_fingerprint ON jobs(fingerprint);
    `,
  },
  {
    name: '003_position_index',
    // Each new job goes after MAX(position); without an index that scan made adding 10,000 files quadratic.
    sql: `CREATE INDEX jobs_by_position ON jobs(position);`,
  },
  {
    name: '004_queue_runner',
    // Which process runs the queue (one at a time: two runners would upload the same slides twice).
    sql: `
      CREATE TABLE queue_runner (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        pid INTEGER NOT NULL,
        -- Per engine instance, so a second engine in the same process is a second runner too.
        token TEXT NOT NULL,
        label TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        heartbeat_at INTEGER NOT NULL
      );
    `,
  },
  {
    name: '005_open_jobs_indexes',
    // The scheduler asks after every finished job for the next open jobs in queue order and the earliest
    // retry; with thousands of finished jobs in the table both were scans (and a sort) per small file.
    sql: `
      CREATE INDEX jobs_open_in_order ON jobs(priority DESC, position, id)
        WHERE state IN ('queued', 'registering', 'uploading', 'finalizing');
      CREATE INDEX jobs_by_retry ON jobs(retry_at) WHERE retry_at IS NOT NULL;
    `,
  },
  {
    name: '006_destinations',
    // A job belongs to one server: its image ids, upload ids and "already uploaded" mean nothing anywhere else.
    // NULL until the engine first opens the queue after this migration, which adopts them for its server (the
    // one those jobs were made for). `hidden`: "Clear finished" hides a done job but keeps its memory for dedupe.
    // checked_*: the file version that passed slide QC (NULL when added unchecked); a changed source is
    // checked again before its bytes count.
    sql: `
      ALTER TABLE jobs ADD COLUMN server TEXT;
      ALTER TABLE jobs ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE jobs ADD COLUMN checked_size INTEGER;
      ALTER TABLE jobs ADD COLUMN checked_mtime_ms INTEGER;
      CREATE INDEX jobs_by_server_source ON jobs(server, source_path, size, mtime_ms);
      CREATE INDEX jobs_by_server_fingerprint ON jobs(server, fingerprint);
      ALTER TABLE queue_runner ADD COLUMN destination TEXT;
    `,
  },
  {
    name: '007_job_store',
    // source_restarts: the failure policy's count of "the source changed, start the bytes over", kept across
    // restarts (it lived in memory, so a crash-looping app could restart a changing file forever).
    // duplicate_of: a job found to have the same content as an earlier one (state 'duplicate') names it.
    sql: `
      ALTER TABLE jobs ADD COLUMN source_restarts INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE jobs ADD COLUMN duplicate_of INTEGER;
      CREATE INDEX jobs_checking ON jobs(server, id) WHERE state = 'checking';
    `,
  },
  {
    name: '008_slide_sets',
    // members: a multi-file slide (MIRAX, VSI, DICOM series) uploaded as one ZIP — JSON list of every member's
    // path, entry name in the ZIP, size and mtime, in ZIP order; NULL for a single file. source_path is then the
    // slide's main file, size the ZIP's length and mtime_ms the newest member's.
    sql: `
      ALTER TABLE jobs ADD COLUMN members TEXT;
    `,
  },
  {
    name: '009_watch_history',
    // What happened to each file of a saved watch folder (found, checked, queued, uploaded, skipped and why…),
    // newest last; each folder keeps its latest rows only (pruned as rows are added).
    sql: `
      CREATE TABLE watch_history (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        folder_id INTEGER NOT NULL REFERENCES watch_folders(id) ON DELETE CASCADE,
        path TEXT NOT NULL,
        outcome TEXT NOT NULL,
        message TEXT NOT NULL,
        at INTEGER NOT NULL
      );
      CREATE INDEX watch_history_by_folder ON watch_history(folder_id, id);
    `,
  },
  {
    name: '010_deidentify',
    // deidentify: the job uploads the slide without its label/macro and identifying metadata (off by default).
    // deid_plan: the byte patches that do it (JSON, see slides/deid/plan.ts), for the version in size/mtime_ms:
    // persisted so a resumed upload sends exactly the bytes it sent before; re-planned when the source changes.
    // watch_folders.deidentify: the folder's switch, given to every job it queues.
    sql: `
      ALTER TABLE jobs ADD COLUMN deidentify INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE jobs ADD COLUMN deid_plan TEXT;
      ALTER TABLE watch_folders ADD COLUMN deidentify INTEGER NOT NULL DEFAULT 0;
    `,
  },
  {
    name: '011_visible_in_order',
    // The queue view (`queue`, the app's list) reads the jobs not cleared, in queue order: walked in this index's
    // order, 10,000 jobs need no sort. Partial: cleared jobs (kept as the memory of uploads) are not in it.
    // jobs_counted: the counts by state of a server's shown jobs from the index alone (no table rows, no sort).
    sql: `
      CREATE INDEX jobs_visible_in_order ON jobs(priority DESC, position, id) WHERE hidden = 0;
      CREATE INDEX jobs_counted ON jobs(server, state) WHERE hidden = 0;
    `,
  },
  {
    name: '012_part_checksums',
    // A part is proven by the checksum storage verified when it was sent: its MD5 (Content-MD5, the ETag) or,
    // where the server offers it, its CRC-32 (x-amz-checksum-crc32, base64) — so md5 may be NULL now.
    // SQLite cannot drop NOT NULL in place: the table is rebuilt, its rows kept.
    sql: `
      CREATE TABLE job_parts_012 (
        job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
        part_number INTEGER NOT NULL,
        size INTEGER NOT NULL,
        etag TEXT NOT NULL,
        md5 TEXT,
        crc32 TEXT,
        PRIMARY KEY (job_id, part_number),
        CHECK (md5 IS NOT NULL OR crc32 IS NOT NULL)
      );
      INSERT INTO job_parts_012 (job_id, part_number, size, etag, md5)
        SELECT job_id, part_number, size, etag, md5 FROM job_parts;
      DROP TABLE job_parts;
      ALTER TABLE job_parts_012 RENAME TO job_parts;
    `,
  },
  {
    name: '013_pixel_qc_owed',
    // pixel_qc_owed = 1: slide QC passed the structure and codecs, but decoding the pixels was left to the run,
    // which does it before the job registers (a watch folder queues thousands of slides without waiting on
    // decodes). Cleared when a full check of the recorded version passes.
    sql: `
      ALTER TABLE jobs ADD COLUMN pixel_qc_owed INTEGER NOT NULL DEFAULT 0;
    `,
  },
  {
    name: '014_added_automatically',
    // added_automatically = 1: a watch folder queued the job, not a person — a saved folder, or one watched for a
    // while only (CLI `watch` without --save, which has no watch_folder_id). Clearing the list keeps such a job's
    // failure or cancel (hidden) as the memory of what a person decided, so the next watch of that folder does not
    // upload the file version after all. Jobs of saved folders were all queued by their folder.
    sql: `
      ALTER TABLE jobs ADD COLUMN added_automatically INTEGER NOT NULL DEFAULT 0;
      UPDATE jobs SET added_automatically = 1 WHERE watch_folder_id IS NOT NULL;
    `,
  },
];
