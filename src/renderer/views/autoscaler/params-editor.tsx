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
