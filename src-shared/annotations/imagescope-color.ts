/**
 * ImageScope stores a layer's LineColor as a Windows COLORREF: blue, green, red packed into a decimal
 * integer, value = B*65536 + G*256 + R. So "255" is pure red and "65280" pure green.
 */

export interface RgbColor {
  r: number;
  g: number;
  b: number;
}

const MAX_COLOR = 0xffffff;

function assertChannel(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 255) {
    throw new RangeError(`Colour channel ${name} must be an integer from 0 to 255, got ${value}.`);
  }
}

export function rgbToImageScopeColor(r: number, g: number, b: number): number {
  assertChannel('r', r);
  assertChannel('g', g);
  assertChannel('b', b);
  return b * 65536 + g * 256 + r;
}

export function imageScopeColorToRgb(value: number): RgbColor {
  if (!Number.isInteger(value) || value < 0 || value > MAX_COLOR) {
    throw new RangeError(`An ImageScope colour is an integer from 0 to ${MAX_COLOR}, got ${value}.`);
  }
  return { r: value & 0xff, g: (value >> 8) & 0xff, b: (value >> 16) & 0xff };
}

/** True for a LineColor value ImageScope can display. */
export function isImageScopeColor(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= MAX_COLOR;
}
