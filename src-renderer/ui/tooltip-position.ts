/** Room kept between the tooltip and its trigger, and between the tooltip and the window's edges. */
const GAP = 6;

/** Window coordinates: `left`, or `right` (distance from the window's right edge) for one aligned to the right. */
export type TooltipPlacement = ({ left: number } | { right: number }) & {
  top: number;
  /** Above the trigger (the tooltip's bottom edge at `top`), because there was no room below. */
  above: boolean;
};

/**
 * Where a tooltip goes: under its trigger with their left edges aligned, or their right edges when a tooltip
 * `size.width` wide would run off the window's right side (a button at the end of a toolbar); above the trigger
 * when it is too near the bottom for `size.height`.
 */
export function tooltipPlacement(
  trigger: { left: number; right: number; top: number; bottom: number },
  size: { width: number; height: number },
  viewport: { width: number; height: number },
): TooltipPlacement {
  const side =
    trigger.left + size.width <= viewport.width - GAP
      ? { left: Math.max(GAP, trigger.left) }
      : { right: Math.max(GAP, viewport.width - trigger.right) };
  const below = trigger.bottom + GAP;
  if (below + size.height <= viewport.height - GAP || trigger.top - GAP - size.height < GAP)
    return { ...side, top: below, above: false };
  return { ...side, top: trigger.top - GAP, above: true };
}
