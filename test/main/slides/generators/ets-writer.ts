import { etsFile } from '../../../helpers/slide-sets.js';
/**
 * Minimal Olympus .ets files for tests: the "SIS" header, an "ETS" header, dummy tiles, and the used-chunk
 * table (records: int32, int32 × dimensions, int64 offset, int32 size, int32) at the end.
 */
export function etsBytes(tiles = 6, bytesPerTile = 100): Buffer {
  return etsFile(tiles, bytesPerTile);
}
