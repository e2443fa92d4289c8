import {
  useId,
  type ChangeEvent,
  type InputHTMLAttributes,
  type ReactNode,
  type Ref,
  type TextareaHTMLAttributes,
} from 'react';
import './field.css';

interface FieldFrameProps {
  id: string;
  label: ReactNode;
  hint?: ReactNode | undefined;
  error?: string | null | undefined;
  optional?: boolean | undefined;
  children: ReactNode;
  className?: string | undefined;
}

/** Label above, hint or error below; the error replaces the hint so the text does not jump twice. */
export function FieldFrame({ id, label, hint, error, optional, children, className }: FieldFrameProps) {
  return (
    <div className={['field', className].filter(Boolean).join(' ')}>
      <label className="field__label" htmlFor={id}>
        {label}
        {optional && <span className="field__optional">optional</span>}
      </label>
      {children}
      {error ? (
        <span className="field__error" id={`${id}-message`} role="alert">
          {error}
        </span>
      ) : hint ? (
        <span className="field__hint" id={`${id}-message`}>
          {hint}
        </span>
      ) : null}
    </div>
  );
}

/** What both text controls take on top of their element's own attributes. */
interface TextControlProps {
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  hint?: ReactNode;
  error?: string | null | undefined;
  optional?: boolean;
}

export interface TextFieldProps
  extends Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value'>, TextControlProps {
  ref?: Ref<HTMLInputElement>;
}

export interface TextAreaProps
  extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'onChange' | 'value'>, TextControlProps {
  ref?: Ref<HTMLTextAreaElement>;
}

/**
 * Splits a text control's props into its frame (label, hint or error), the wiring of its element (id, value,
 * aria-invalid, aria-describedby pointing at the message) and the element's own attributes.
 */
function useTextControl<
  P extends TextControlProps & { id?: string | undefined; className?: string | undefined },
>(props: P) {
  const { label, value, onChange, hint, error, optional, id, className, ...element } = props;
  const autoId = useId();
  const fieldId = id ?? autoId;
  return {
    frame: { id: fieldId, label, hint, error, optional, className },
    wiring: {
      id: fieldId,
      value,
      onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => onChange(event.target.value),
      'aria-invalid': error ? true : undefined,
      'aria-describedby': error || hint ? `${fieldId}-message` : undefined,
    },
    element,
  };
}

export function TextField(props: TextFieldProps) {
  const { frame, wiring, element } = useTextControl(props);
  return (
    <FieldFrame {...frame}>
      <input {...element} {...wiring} className="input" />
    </FieldFrame>
  );
}

/** A whole-number field: typed as text (so half-typed values stay), parsed by the form with {@link parseWholeNumber}. */
export function NumberField(props: TextFieldProps) {
  return <TextField inputMode="numeric" autoComplete="off" spellCheck={false} {...props} />;
}

export function TextArea(props: TextAreaProps) {
  const { frame, wiring, element } = useTextControl(props);
  return (
    <FieldFrame {...frame}>
      <textarea {...element} {...wiring} className="textarea" />
    </FieldFrame>
  );
}
