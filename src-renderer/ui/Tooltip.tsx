import { useEffect, useId, useState, type CSSProperties, type ReactElement } from 'react';
import { createPortal } from 'react-dom';
import { tooltipPlacement, type TooltipPlacement } from './tooltip-position.js';
import './tooltip.css';

/** Spread these on the element the tooltip explains (it must be focusable, so keyboard users get it too). */
export interface TooltipTriggerProps {
  'aria-describedby': string;
  onMouseEnter: (event: { currentTarget: Element }) => void;
  onMouseLeave: () => void;
  onFocus: (event: { currentTarget: Element }) => void;
  onBlur: () => void;
}

/** Matches tooltip.css: the widest a tooltip gets, and a generous guess at its height for placing it. */
const WIDTH = 320;
const HEIGHT_GUESS = 96;

function placementStyle({ above: _above, ...position }: TooltipPlacement): CSSProperties {
  return position;
}

/**
 * A short explanation shown on hover and on keyboard focus, dismissed with Escape. The text is always in the
 * document (visually hidden while closed) so the trigger's aria-describedby reads it to screen readers. It is
 * drawn at the body's level: inside the queue's scrolling list it would be clipped by the list's edge.
 */
export function Tooltip({
  text,
  children,
}: {
  text: string;
  children: (trigger: TooltipTriggerProps) => ReactElement;
}) {
  const id = useId();
  const [placement, setPlacement] = useState<TooltipPlacement | null>(null);
  const open = (event: { currentTarget: Element }) => {
    const rect = event.currentTarget.getBoundingClientRect();
    setPlacement(
      tooltipPlacement(
        rect,
        { width: WIDTH, height: HEIGHT_GUESS },
        { width: window.innerWidth, height: window.innerHeight },
      ),
    );
  };
  const close = () => setPlacement(null);

  useEffect(() => {
    if (!placement) return undefined;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setPlacement(null);
    };
    // A scroll moves the trigger away from where the tooltip was put.
    const onScroll = () => setPlacement(null);
    window.addEventListener('keydown', onKey);
    window.addEventListener('scroll', onScroll, true);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('scroll', onScroll, true);
    };
  }, [placement]);

  return (
    <>
      {children({
        'aria-describedby': id,
        onMouseEnter: open,
        onMouseLeave: close,
        onFocus: open,
        onBlur: close,
      })}
      {createPortal(
        <span
          id={id}
          role="tooltip"
          className={placement ? `tooltip${placement.above ? ' tooltip--above' : ''}` : 'visually-hidden'}
          style={placement ? placementStyle(placement) : undefined}
        >
          {text}
        </span>,
        document.body,
      )}
    </>
  );
}
