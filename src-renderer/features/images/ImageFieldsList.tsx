import type { ImageRow } from '../../../src-shared/app/results.js';
import { formatDateTime } from '../../ui/index.js';
import { imageFields, type ImageField } from './image-fields.js';
import { parseServerTime } from './server-time.js';

function FieldValue({ field }: { field: ImageField }) {
  if (field.value === null) return <span className="muted">—</span>;
  switch (field.kind) {
    case 'date':
      return <span title={field.value}>{formatDateTime(parseServerTime(field.value))}</span>;
    case 'mono':
      return <span className="mono details-fields__mono">{field.value}</span>;
    case 'url':
      return <span className="mono details-fields__url">{field.value}</span>;
    default:
      return <span>{field.value}</span>;
  }
}

/** All the image's fields as a definition list. */
export function ImageFieldsList({ image }: { image: ImageRow }) {
  return (
    <dl className="details-fields">
      {imageFields(image).map((field) => (
        <div key={field.label} className="details-fields__item">
          <dt>{field.label}</dt>
          <dd>
            <FieldValue field={field} />
          </dd>
        </div>
      ))}
    </dl>
  );
}
