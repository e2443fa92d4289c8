import { useCallback, useMemo, useState } from 'react';
import { fitMiddleEllipsis, middleEllipsis } from './middle-ellipsis.js';
import { Tooltip } from './Tooltip.js';
import { useElementWidth } from './use-element-width.js';
import './middle-ellipsis.css';

/** Used before the element is measured (first paint, or no layout at all): about a narrow column's worth. */
const UNMEASURED_MAX_CHARS = 48;

let canvas: HTMLCanvasElement | null = null;

/** Text width in the element's own font, by canvas; null where there is no canvas to measure with. */
function measurerFor(element: Element): ((text: string) => number) | null {
  canvas ??= document.createElement('canvas');
  const context = canvas.getContext('2d');
  if (!context) return null;
  const style = getComputedStyle(element);
  context.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  return (text) => context.measureText(text).width;
}

/**
 * A file name cut in the middle to fit its box, so two long names that differ at the end stay apart. When cut,
 * the full name shows on hover and on keyboard focus (the element is then focusable), and the accessible name is
 * always the full name: the shortened text is hidden from screen readers, the full one is there for them.
 */
export function MiddleEllipsis({
  name,
  detail,
  className,
  interactive = true,
}: {
  name: string;
  /** Shown on hover instead of the bare name, e.g. the whole path; it should contain the name. */
  detail?: string | undefined;
  className?: string | undefined;
  /**
   * False inside a control that names itself (a button with its own label and title): the cut text is then only
   * drawn, with no focus stop or tooltip of its own.
   */
  interactive?: boolean;
}) {
  const [widthRef, width] = useElementWidth<HTMLSpanElement>();
  const [element, setElement] = useState<HTMLSpanElement | null>(null);
  const ref = useCallback(
    (node: HTMLSpanElement | null) => {
      widthRef(node);
      setElement(node);
    },
    [widthRef],
  );
  const shown = useMemo(() => {
    const measure = width === null || element === null ? null : measurerFor(element);
    if (width === null || measure === null) return middleEllipsis(name, UNMEASURED_MAX_CHARS);
    // The observed width is rounded; a pixel of slack keeps a rounded-up width from cutting a glyph.
    return fitMiddleEllipsis(name, width - 1, measure);
  }, [name, width, element]);
  const classes = `middle-ellipsis${className ? ` ${className}` : ''}`;
  if (shown === name)
    return (
      <span ref={ref} className={classes} title={detail}>
        {name}
      </span>
    );
  if (!interactive)
    return (
      <span ref={ref} className={classes} aria-hidden="true">
        {shown}
      </span>
    );
  // Cut: the short form is for the eye only; the full name is the text screen readers and searches find.
  const content = (
    <>
      <span aria-hidden="true">{shown}</span>
      <span className="visually-hidden">{name}</span>
    </>
  );
  return (
    <Tooltip text={detail ?? name}>
      {(trigger) => (
        // Focusable only when cut, so keyboard users can read the whole name; a whole name needs no stop.
        <span ref={ref} className={classes} tabIndex={0} data-full-name={name} {...trigger}>
          {content}
        </span>
      )}
    </Tooltip>
  );
}
