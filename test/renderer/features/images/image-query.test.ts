import { describe, expect, it } from 'vitest';
import type { ImageRow } from '../../../../src-shared/app/results.js';
import {
  filterImages,
  isFiltered,
  NO_FILTERS,
  queryImages,
  rowKey,
  statusOptions,
} from '../../../../src-renderer/features/images/image-query.js';
import { matchesSharing } from '../../../../src-renderer/features/images/image-sharing.js';
import { sortImages } from '../../../../src-renderer/features/images/image-sort.js';
import { imageRow } from './image-row-factory.js';

const STATUSES = [
  'Uploaded',
  'In Progress',
  'Prediction Running',
  'Prediction Completed',
  'Prediction Stopped',
];
const STEPS = ['Pending', 'In Progress', 'Completed'];

/** 10,000 varied rows, deterministic (index-derived) so failures reproduce. */
function manyRows(count = 10_000): ImageRow[] {
  return Array.from({ length: count }, (_, i) => {
    const status = STATUSES[i % STATUSES.length]!;
    const owner = 19 + (i % 4);
    return imageRow({
      id: i + 1,
      image_unique_id: `uid${String(i).padStart(5, '0')}`,
      filename: `CASE-${(i * 7919) % 10_000}_slide.svs`,
      patient_id: i % 13 === 0 ? null : i % 500,
      description: i % 17 === 0 ? `Biopsy core ${i}` : null,
      adddate: `2024-01-${String((i % 28) + 1).padStart(2, '0')} 10:00:00.000000`,
      status,
      tiling_status: STEPS[i % 3]!,
      tissuearea_status: STEPS[(i + 1) % 3]!,
      tissue_area: i % 3 === 2 ? (i % 200) + 0.5 : null,
      outcome_prediction: status === 'Prediction Completed' ? (i % 2 ? 'High risk' : 'Low risk') : null,
      shared: i % 7 === 0 ? `${owner},${owner + 100}` : `${owner}`,
      ownerId: owner,
    });
  });
}

const rows = manyRows();

describe('filterImages on 10,000 rows', () => {
  it('returns everything without filters, in the original order', () => {
    expect(filterImages(rows, NO_FILTERS, 19)).toEqual(rows);
  });

  it('searches filename, uid, patient and description, case-insensitively, every word', () => {
    const byUid = filterImages(rows, { ...NO_FILTERS, search: 'UID00042' }, null);
    expect(byUid.map((r) => r.image_unique_id)).toEqual(['uid00042']);

    const biopsy = filterImages(rows, { ...NO_FILTERS, search: 'biopsy' }, null);
    expect(biopsy.length).toBe(rows.filter((r) => r.description?.includes('Biopsy')).length);

    const twoWords = filterImages(rows, { ...NO_FILTERS, search: 'biopsy 17' }, null);
    const text = (r: ImageRow) => `${r.filename} ${r.image_unique_id} ${r.patient_id} ${r.description}`;
    expect(twoWords).toEqual(biopsy.filter((r) => text(r).includes('17')));
    expect(twoWords.length).toBeGreaterThan(0);

    const patient = filterImages(rows, { ...NO_FILTERS, search: '499' }, null);
    expect(patient.some((r) => r.patient_id === 499)).toBe(true);
  });

  it('filters by status, prediction state and sharing, combined', () => {
    const filters = {
      ...NO_FILTERS,
      status: 'Prediction Completed',
      prediction: 'done' as const,
      sharing: 'shared-with-others' as const,
    };
    const result = filterImages(rows, filters, 19);
    const expected = rows.filter((r) => r.status === 'Prediction Completed' && r.shared!.includes(','));
    expect(result).toEqual(expected);
    expect(result.length).toBeGreaterThan(0);

    expect(
      filterImages(rows, { ...NO_FILTERS, prediction: 'running' }, null).every(
        (r) => r.status === 'Prediction Running',
      ),
    ).toBe(true);
    expect(filterImages(rows, { ...NO_FILTERS, prediction: 'none' }, null).length).toBe(
      rows.filter((r) => r.status === 'Uploaded' || r.status === 'In Progress').length,
    );
  });

  it('matches nothing with a search that hits no row', () => {
    expect(filterImages(rows, { ...NO_FILTERS, search: 'no-such-slide' }, 19)).toEqual([]);
  });
});

describe('matchesSharing', () => {
  const mine = imageRow({ shared: '19,20' });
  const theirs = imageRow({ shared: '21,19' });
  const alone = imageRow({ shared: '19' });

  it('tells owned, shared with me, shared with others and not shared apart', () => {
    expect([mine, theirs, alone].map((r) => matchesSharing(r, 'owned', 19))).toEqual([true, false, true]);
    expect([mine, theirs, alone].map((r) => matchesSharing(r, 'shared-with-me', 19))).toEqual([
      false,
      true,
      false,
    ]);
    expect([mine, theirs, alone].map((r) => matchesSharing(r, 'shared-with-others', 19))).toEqual([
      true,
      true,
      false,
    ]);
    expect([mine, theirs, alone].map((r) => matchesSharing(r, 'not-shared', 19))).toEqual([
      false,
      false,
      true,
    ]);
  });

  it('matches nothing about "me" without a current user', () => {
    expect(matchesSharing(mine, 'owned', null)).toBe(false);
    expect(matchesSharing(theirs, 'shared-with-me', null)).toBe(false);
  });
});

describe('sortImages on 10,000 rows', () => {
  it('sorts filenames naturally both ways, without mutating the input', () => {
    const before = [...rows];
    const asc = sortImages(rows, { key: 'filename', direction: 'asc' });
    expect(rows).toEqual(before);
    expect(asc).toHaveLength(rows.length);
    const numberOf = (r: ImageRow) => Number(/CASE-(\d+)/.exec(r.filename)![1]);
    for (let i = 1; i < asc.length; i++) expect(numberOf(asc[i - 1]!)).toBeLessThanOrEqual(numberOf(asc[i]!));
    const desc = sortImages(rows, { key: 'filename', direction: 'desc' });
    expect(numberOf(desc[0]!)).toBe(9999);
  });

  it('puts empty values last in both directions', () => {
    for (const direction of ['asc', 'desc'] as const) {
      const sorted = sortImages(rows, { key: 'patient', direction });
      const firstEmpty = sorted.findIndex((r) => r.patient_id === null);
      expect(sorted.slice(firstEmpty).every((r) => r.patient_id === null)).toBe(true);
      expect(firstEmpty).toBe(rows.filter((r) => r.patient_id !== null).length);
    }
  });

  it('sorts numbers numerically and dates chronologically', () => {
    const byArea = sortImages(rows, { key: 'tissue', direction: 'desc' }).filter(
      (r) => r.tissue_area !== null,
    );
    for (let i = 1; i < byArea.length; i++)
      expect(byArea[i - 1]!.tissue_area!).toBeGreaterThanOrEqual(byArea[i]!.tissue_area!);
    const byDate = sortImages(rows, { key: 'added', direction: 'asc' });
    expect(byDate[0]!.adddate!.startsWith('2024-01-01')).toBe(true);
    expect(byDate.at(-1)!.adddate!.startsWith('2024-01-28')).toBe(true);
  });

  it('orders processing steps by progress, and is deterministic on ties', () => {
    const byTiling = sortImages(rows, { key: 'tiling', direction: 'asc' });
    expect(byTiling[0]!.tiling_status).toBe('Pending');
    expect(byTiling.at(-1)!.tiling_status).toBe('Completed');
    expect(sortImages([...rows].reverse(), { key: 'tiling', direction: 'asc' })).toEqual(byTiling);
  });
});

describe('queryImages and helpers', () => {
  it('filters then sorts', () => {
    const result = queryImages(
      rows,
      { ...NO_FILTERS, search: 'biopsy' },
      { key: 'uid', direction: 'desc' },
      null,
    );
    expect(result.length).toBeGreaterThan(100);
    expect(result[0]!.image_unique_id > result[1]!.image_unique_id).toBe(true);
  });

  it('lists distinct statuses, keys rows by list and image, and knows when filters are on', () => {
    expect(statusOptions(rows)).toEqual([...STATUSES].sort((a, b) => a.localeCompare(b)));
    expect(rowKey({ ownerId: 20, image_unique_id: 'abc' })).toBe('20:abc');
    expect(rowKey({ ownerId: null, image_unique_id: 'abc' })).toBe('me:abc');
    expect(isFiltered(NO_FILTERS)).toBe(false);
    expect(isFiltered({ ...NO_FILTERS, search: ' x ' })).toBe(true);
  });
});
