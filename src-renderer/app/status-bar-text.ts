import { formatSpeed } from '../ui/format.js';

/** "3 uploading · 12 MB/s", or just "3 uploading" while the speed is not known yet (no "· —"). */
export function sendingText(sending: number, speed: number | null | undefined): string {
  const known = typeof speed === 'number' && Number.isFinite(speed) && speed > 0;
  return known ? `${sending} uploading · ${formatSpeed(speed)}` : `${sending} uploading`;
}
