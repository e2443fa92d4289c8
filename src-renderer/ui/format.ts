/** Numbers, sizes, speeds and times as people read them (en-US style). */

import { formatDuration } from '../../src-shared/units/index.js';

// Sizes, speeds, durations and times left come from the one shared formatter (binary units, MiB/s), so the UI,
// the CLI and the logs agree.
export { formatBytes, formatDuration, formatEta, formatSpeed } from '../../src-shared/units/index.js';

/** Countdown to an automatic retry: "Retrying in 12 s", "Retrying now". */
export function formatRetryIn(retryAt: number, now: number): string {
  const seconds = Math.ceil((retryAt - now) / 1000);
  return seconds <= 0 ? 'Retrying now' : `Retrying in ${formatDuration(seconds)}`;
}

function toDate(value: number | string | Date | null | undefined): Date | null {
  if (value === null || value === undefined || value === '') return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

const twoDigits = (n: number): string => String(n).padStart(2, '0');

/** "2026-11-25 21:44" in local time: fixed width and sortable by eye, for narrow table columns. */
export function formatCompactDateTime(value: number | string | Date | null | undefined): string {
  const date = toDate(value);
  if (!date) return '—';
  const day = `${date.getFullYear()}-${twoDigits(date.getMonth() + 1)}-${twoDigits(date.getDate())}`;
  return `${day} ${twoDigits(date.getHours())}:${twoDigits(date.getMinutes())}`;
}

/** "12 Mar 2025, 14:05" (the user's locale order for the time, month names so days and months are not confused). */
export function formatDateTime(value: number | string | Date | null | undefined): string {
  const date = toDate(value);
  if (!date) return '—';
  return date.toLocaleString(undefined, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** "12 Mar 2025". */
export function formatDate(value: number | string | Date | null | undefined): string {
  const date = toDate(value);
  if (!date) return '—';
  return date.toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
}

/** "just now", "5 min ago", "3 h ago", then the date. */
export function formatRelativeTime(
  value: number | string | Date | null | undefined,
  now = Date.now(),
): string {
  const date = toDate(value);
  if (!date) return '—';
  const seconds = Math.round((now - date.getTime()) / 1000);
  if (seconds < 0) return formatDateTime(date);
  if (seconds < 45) return 'just now';
  if (seconds < 3600) return `${Math.max(1, Math.round(seconds / 60))} min ago`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} h ago`;
  return formatDate(date);
}

/** "1 file", "3 files" — with the count formatted ("1,204 files"). */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? singular : pluralForm}`;
}

/** 0.423 → "42%"; never says 100% before it is really done. */
export function formatPercent(fraction: number): string {
  const percent = Math.floor(Math.min(1, Math.max(0, fraction)) * 100);
  return `${percent}%`;
}

/** The last part of a path, for either separator. */
export function baseName(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, '');
  const index = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  return index === -1 ? trimmed : trimmed.slice(index + 1);
}
