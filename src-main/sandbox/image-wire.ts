import type { ImageWire } from '../../src-shared/api/index.js';
import type { SandboxContext } from './context.js';
import type { ImageRow } from './db/images-repo.js';
import type { LogRow } from './db/logs-repo.js';
import { publicRawBase } from './public-raw.js';
import { wireDate, wireId, wireShared } from './wire-values.js';

type IdField = 'workarea_id' | 'entity_id' | 'study_id' | 'patient_id';

/** The image as the sandbox sends it: {@link ImageWire}, except where a dialect turns ids or shared into numbers. */
export type SandboxImageWire = Omit<ImageWire, IdField | 'shared'> &
  Record<IdField, string | number | null> & { shared: string | number };

type WireContext = Pick<SandboxContext, 'apiBase' | 'dialects'>;

/**
 * The image as the real server sends it: ids such as entity_id as strings, `id` as a number, download URLs
 * only once the file is uploaded (they depend on where this sandbox listens now, so they are not stored).
 */
export function toImageWire(row: ImageRow, ctx: WireContext): SandboxImageWire {
  const { dialects } = ctx;
  const apiBase = ctx.apiBase();
  const uploaded = row.uploaded === 1;
  const uid = row.image_unique_id;
  const rawBase = dialects.has('raw-on-s3') ? publicRawBase(apiBase) : `${apiBase}/raw`;
  return {
    id: row.id,
    image_unique_id: uid,
    workarea_id: wireId(dialects, row.workarea_id),
    entity_id: wireId(dialects, row.entity_id),
    study_id: wireId(dialects, row.study_id),
    patient_id: wireId(dialects, row.patient_id),
    filename: row.filename,
    location: row.location,
    description: row.description,
    workarea: row.workarea,
    study: row.study,
    adddate: wireDate(dialects, row.adddate),
    moddate: wireDate(dialects, row.moddate),
    status: row.status,
    base_download_url: uploaded ? `${apiBase}/S3/file/${uid}` : null,
    base_raw_download_url: uploaded ? `${rawBase}/${uid}` : null,
    tissue_area: row.tissue_area,
    outcome_prediction: row.outcome_prediction,
    shared: wireShared(dialects, row.shared),
    annotation_status: row.annotation_status,
    tissuearea_status: row.tissuearea_status,
    tiling_status: row.tiling_status,
    metric: row.metric,
  };
}

/** A log entry as sent (its adddate follows the date dialect, as the images' dates do). */
export function toLogWire(row: LogRow, ctx: Pick<SandboxContext, 'dialects'>): LogRow {
  return { ...row, adddate: wireDate(ctx.dialects, row.adddate) };
}
