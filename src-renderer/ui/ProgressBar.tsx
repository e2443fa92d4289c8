import type { Tone } from './Badge.js';
import './progress.css';

export interface ProgressBarProps {
  /** 0..1, or null when the amount is unknown (an indeterminate stripe). */
  value: number | null;
  /** The accessible name, e.g. "Upload of slide.svs". */
  label: string;
  /** Spoken instead of the bare percentage, e.g. "42%, 1.2 GiB of 3.0 GiB". */
  valueText?: string;
  tone?: Tone | 'accent';
  size?: 'sm' | 'md';
}

export function ProgressBar({ value, label, valueText, tone = 'accent', size = 'sm' }: ProgressBarProps) {
  const percent = value === null ? null : Math.round(Math.min(1, Math.max(0, value)) * 100);
  return (
    <div
      className={`progress progress--${size} progress--${tone}${percent === null ? ' progress--indeterminate' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent ?? undefined}
      aria-valuetext={valueText}
    >
      <div className="progress__fill" style={percent === null ? undefined : { width: `${percent}%` }} />
    </div>
  );
}
