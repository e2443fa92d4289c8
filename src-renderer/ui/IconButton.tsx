import type { ButtonHTMLAttributes, ReactNode } from 'react';
import './button.css';

export interface IconButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'aria-label'> {
  /** What the button does, for screen readers and the tooltip. */
  label: string;
  tone?: 'default' | 'danger';
  children: ReactNode;
}

/** A small square button with only an icon; the label is its accessible name. */
export function IconButton({
  label,
  tone = 'default',
  className,
  children,
  type = 'button',
  ...rest
}: IconButtonProps) {
  const classes = ['icon-btn', tone === 'danger' && 'icon-btn--danger', className].filter(Boolean).join(' ');
  return (
    <button {...rest} type={type} className={classes} aria-label={label} title={rest.title ?? label}>
      {children}
    </button>
  );
}
