import type { ImageWire } from '../../src-shared/api/index.js';
import type { ImageRow } from './db/images-repo.js';

const idText = (value: number | null): string | null => (value === null ? null : String(value));

/**
 * The image as the real server sends it: ids such as entity_id as strings, `id` as a number, download URLs
 * only once the file is uploaded (they depend on where this sandbox listens now, so they are not stored).
 */
export function toImageWire(row: ImageRow, apiBase: string): ImageWire {
  const uploaded = row.uploaded === 1;
  return {
    id: row.id,
    image_unique_id: row.image_unique_id,
    workarea_id: idText(row.workarea_id),
    entity_id: idText(row.entity_id),
    study_id: idText(row.study_id),
    patient_id: idText(row.patient_id),
    filename: row.filename,
    location: row.location,
    description: row.description,
    workarea: row.workarea,
    study: row.study,
    adddate: row.adddate,
    moddate: row.moddate,
    status: row.status,
    base_download_url: uploaded ? `${apiBase}/S3/file/${row.image_unique_id}` : null,
    base_raw_download_url: uploaded ? `${apiBase}/raw/${row.image_unique_id}` : null,
    tissue_area: row.tissue_area,
    outcome_prediction: row.outcome_prediction,
    shared: row.shared,
    annotation_status: row.annotation_status,
    tissuearea_status: row.tissuearea_status,
    tiling_status: row.tiling_status,
    metric: row.metric,
  };
}
