import { parseSharedUserIds, type ImageRecord } from '../../../../src-shared/api/index.js';
import type { ImageRow } from '../../../../src-shared/app/index.js';
import type { CliContext } from '../../cli-context.js';
import { EXIT } from '../../exit-codes.js';
import { cell, formatTable } from './table.js';

export interface ImagesOptions {
  all?: boolean;
  search?: string;
  status?: string;
}

/** One listed image; `userid` is the user list it came from (only with --all). */
interface ListedImage {
  userid?: number;
  image: ImageRecord;
}

/** The app's rows, with the owner only where it means something (--all). */
const listed = ({ ownerId, ...image }: ImageRow): ListedImage =>
  ownerId === null ? { image } : { userid: ownerId, image };

async function listImages(ctx: CliContext, all: boolean): Promise<ListedImage[]> {
  return (await ctx.send('images.list', { scope: all ? 'all' : 'mine' })).map(listed);
}

function matches({ image }: ListedImage, options: ImagesOptions): boolean {
  const search = options.search?.toLowerCase();
  if (search && !`${image.filename}\n${image.image_unique_id}`.toLowerCase().includes(search)) return false;
  return options.status === undefined || (image.status ?? '').toLowerCase() === options.status.toLowerCase();
}

function imagesTable(rows: ListedImage[], all: boolean): string {
  const header = [
    'id',
    'image_unique_id',
    'filename',
    'status',
    'tiling',
    'tissue area',
    'annotation',
    'shared with',
    'patient',
  ];
  const lines = rows.map(({ userid, image }) => {
    const cells = [
      cell(image.id),
      image.image_unique_id,
      cell(image.filename),
      cell(image.status),
      cell(image.tiling_status),
      cell(image.tissuearea_status),
      cell(image.annotation_status),
      cell(parseSharedUserIds(image.shared).join(',')),
      cell(image.patient_id),
    ];
    return all ? [cell(userid), ...cells] : cells;
  });
  return formatTable(all ? ['user', ...header] : header, lines);
}

export async function images(ctx: CliContext, options: ImagesOptions): Promise<number> {
  const all = options.all === true;
  const rows = (await listImages(ctx, all)).filter((row) => matches(row, options));
  const data = rows.map(({ userid, image }) => (all ? { userid, ...image } : image));
  const filtered = options.search !== undefined || options.status !== undefined;
  const none = filtered ? 'No images match.' : all ? 'No images.' : `User ${ctx.userId} has no images.`;
  ctx.out.result(rows.length === 0 ? none : imagesTable(rows, all), data);
  return EXIT.ok;
}
