import type { ParamSpec } from '../../../shared/scaling';
import { Field } from '../field';

/** Inputs for a policy's described knobs (unit, range and doc from the spec). */
export function SpecParamsEditor({
  specs,
  values,
  errors,
  onChange,
}: {
  specs: readonly ParamSpec[];
  values: Record<string, string | boolean>;
  errors: Record<string, string>;
  onChange: (name: string, value: string | boolean) => void;
}) {
  return (
    <>
      {specs.map((spec) => {
        const range =
          spec.type === 'boolean'
            ? ''
            : ` · ${spec.min ?? '−∞'}…${spec.max ?? '∞'}${spec.unit ? ` ${spec.unit}` : ''}`;
        return (
          <Field
            key={spec.name}
            label={spec.name}
            error={errors[spec.name]}
            hint={`${spec.doc} (default ${String(spec.default)}${range})`}
          >
            {(id, describedBy) =>
              spec.type === 'boolean' ? (
                <input
                  id={id}
                  type="checkbox"
                  aria-describedby={describedBy}
                  checked={values[spec.name] === true}
                  onChange={(e) => onChange(spec.name, e.target.checked)}
                />
              ) : (
                <input
                  id={id}
                  name={spec.name}
                  inputMode="decimal"
                  aria-describedby={describedBy}
                  value={String(values[spec.name] ?? '')}
                  onChange={(e) => onChange(spec.name, e.target.value)}
                />
              )
            }
          </Field>
        );
      })}
    </>
  );
}

/** A key/number editor for policies whose knobs this build cannot describe. */
export function FreeParamsEditor({
  rows,
  errors,
  onChange,
}: {
  rows: { key: string; value: string }[];
  errors: Record<number, string>;
  onChange: (rows: { key: string; value: string }[]) => void;
}) {
  const update = (i: number, patch: Partial<{ key: string; value: string }>) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset className="free-params">
      <legend>Policy parameters (name = number)</legend>
      {rows.map((row, i) => (
        <div key={i} className="free-row">
          <input
            aria-label={`Parameter ${i + 1} name`}
            value={row.key}
            onChange={(e) => update(i, { key: e.target.value })}
          />
          <input
            aria-label={`Parameter ${i + 1} value`}
            inputMode="decimal"
            value={row.value}
            onChange={(e) => update(i, { value: e.target.value })}
          />
          <button
            type="button"
            aria-label={`Remove parameter ${i + 1}`}
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
          >
            −
          </button>
          {errors[i] !== undefined && (
            <span className="error-text" role="alert">
              {errors[i]}
            </span>
          )}
        </div>
      ))}
      <button type="button" onClick={() => onChange([...rows, { key: '', value: '' }])}>
        Add parameter
      </button>
    </fieldset>
  );
}
