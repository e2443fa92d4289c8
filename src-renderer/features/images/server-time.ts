/**
 * The server writes times as "2022-08-17 06:59:27.530508" without a zone; the sandbox writes UTC (ISO time with
 * the T and Z dropped), so they are read as UTC. Anything else is handed to Date as it is.
 */
export function parseServerTime(text: string | null | undefined): Date | null {
  if (!text) return null;
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2})?)(?:\.(\d+))?$/.exec(text.trim());
  const iso = match
    ? `${match[1]}T${match[2]}${match[3] ? `.${match[3].slice(0, 3).padEnd(3, '0')}` : ''}Z`
    : text;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}
