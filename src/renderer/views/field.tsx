import type { ReactNode } from 'react';
import { useId } from 'react';

/**
 * A labelled form control with its hint and error text, wired for screen readers: the
 * control gets the id, and the error is announced and linked by `aria-describedby`.
 */
export function Field({
  label,
  error,
  hint,
  children,
}: {
  label: string;
  error?: string | undefined;
  hint?: string | undefined;
  children: (id: string, describedBy: string | undefined) => ReactNode;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy =
    [hint !== undefined ? hintId : '', error !== undefined ? errorId : '']
      .filter(Boolean)
      .join(' ') || undefined;
  return (
    <div className={`field ${error !== undefined ? 'has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children(id, describedBy)}
      {hint !== undefined && (
        <span id={hintId} className="hint">
          {hint}
        </span>
      )}
      {error !== undefined && (
        <span id={errorId} className="error-text" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

/** A `Field` holding one text input: the form's usual row. */
export function TextField({
  label,
  error,
  hint,
  name,
  inputMode,
  placeholder,
  value,
  onChange,
}: {
  label: string;
  error?: string | undefined;
  hint?: string | undefined;
  name?: string;
  inputMode?: 'text' | 'decimal' | 'numeric';
  placeholder?: string;
  value: string;
  onChange: (text: string) => void;
}) {
  return (
    <Field label={label} error={error} hint={hint}>
      {(id, describedBy) => (
        <input
          id={id}
          name={name}
          inputMode={inputMode}
          placeholder={placeholder}
          aria-describedby={describedBy}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}
