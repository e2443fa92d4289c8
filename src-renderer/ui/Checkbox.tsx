import { useId, type ReactNode } from 'react';
import './field.css';

export interface ToggleProps {
  label: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  hint?: ReactNode;
  disabled?: boolean;
}

export interface SwitchProps extends ToggleProps {
  /** A fuller accessible name than the visible label, e.g. which item the switch belongs to. */
  accessibleName?: string;
}

export function Checkbox({ label, checked, onChange, hint, disabled }: ToggleProps) {
  const id = useId();
  return (
    <label className="checkbox" htmlFor={id}>
      <input
        id={id}
        type="checkbox"
        checked={checked}
        disabled={disabled}
        onChange={(event) => onChange(event.target.checked)}
        aria-describedby={hint ? `${id}-hint` : undefined}
      />
      <span className="checkbox__text">
        <span>{label}</span>
        {hint && (
          <span className="field__hint" id={`${id}-hint`}>
            {hint}
          </span>
        )}
      </span>
    </label>
  );
}

/** An on/off switch for settings that take effect as a whole (role="switch", Space and Enter toggle it). */
export function Switch({ label, checked, onChange, hint, disabled, accessibleName }: SwitchProps) {
  const id = useId();
  return (
    <button
      type="button"
      role="switch"
      className="switch"
      aria-checked={checked}
      aria-label={accessibleName}
      aria-labelledby={accessibleName ? undefined : `${id}-label`}
      aria-describedby={hint ? `${id}-hint` : undefined}
      disabled={disabled}
      onClick={() => onChange(!checked)}
    >
      <span className="switch__track" aria-hidden="true">
        <span className="switch__thumb" />
      </span>
      <span className="switch__text">
        <span id={`${id}-label`}>{label}</span>
        {hint && (
          <span className="field__hint" id={`${id}-hint`}>
            {hint}
          </span>
        )}
      </span>
    </button>
  );
}
