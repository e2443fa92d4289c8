import { describe, expect, it } from 'vitest';
import { tooltipPlacement } from '../../../src-renderer/ui/tooltip-position.js';

const size = { width: 320, height: 90 };
const viewport = { width: 1280, height: 800 };

describe('tooltip placement', () => {
  it('goes under its trigger, left edges aligned', () => {
    expect(tooltipPlacement({ left: 100, right: 180, top: 200, bottom: 220 }, size, viewport)).toEqual({
      left: 100,
      top: 226,
      above: false,
    });
  });

  it('aligns right edges when it would run off the right side', () => {
    expect(tooltipPlacement({ left: 1100, right: 1240, top: 200, bottom: 220 }, size, viewport)).toEqual({
      right: 40,
      top: 226,
      above: false,
    });
  });

  it('goes above a trigger near the bottom of the window', () => {
    expect(tooltipPlacement({ left: 100, right: 180, top: 760, bottom: 780 }, size, viewport)).toEqual({
      left: 100,
      top: 754,
      above: true,
    });
  });

  it('stays below when there is no room above either, and keeps off the edges', () => {
    expect(
      tooltipPlacement({ left: 1200, right: 1290, top: 40, bottom: 60 }, size, { width: 1280, height: 120 }),
    ).toEqual({ right: 6, top: 66, above: false });
    expect(tooltipPlacement({ left: -20, right: 10, top: 0, bottom: 10 }, size, viewport)).toMatchObject({
      left: 6,
    });
  });
});
