import { useState } from 'react';
import type { TaskSpec } from '../../../shared/tasks';
import { useAction } from '../../app/context';
import { Field, TextField } from '../field';

/** The specs a submit form describes, or the error by field. */
export function toSpecs(
  payloadText: string,
  countText: string,
  attemptsText: string,
): { ok: true; specs: TaskSpec[] } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  let payload: unknown;
  try {
    payload = JSON.parse(payloadText);
  } catch (error) {
    errors['payload'] = `not JSON: ${error instanceof Error ? error.message : String(error)}`;
  }
  const count = Number(countText);
  if (!Number.isInteger(count) || count < 1 || count > 10_000) errors['count'] = '1 to 10000';
  const attempts = attemptsText.trim() === '' ? undefined : Number(attemptsText);
  if (attempts !== undefined && (!Number.isInteger(attempts) || attempts < 1 || attempts > 100)) {
    errors['attempts'] = '1 to 100';
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const spec: TaskSpec = attempts === undefined ? { payload } : { payload, maxAttempts: attempts };
  return { ok: true, specs: Array.from({ length: count }, () => ({ ...spec })) };
}

/** Submit tasks by hand: a JSON payload, how many copies, and their attempts. */
export function SubmitForm({ onSubmitted }: { onSubmitted: () => void }) {
  const [payload, setPayload] = useState('{"workMs": 1000}');
  const [count, setCount] = useState('1');
  const [attempts, setAttempts] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const act = useAction();

  const submit = async () => {
    const checked = toSpecs(payload, count, attempts);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    const n = checked.specs.length;
    const answer = await act(
      'queue.enqueue',
      checked.specs,
      `Submitted ${n} task${n === 1 ? '' : 's'}`,
    );
    if (answer !== undefined) onSubmitted();
  };

  return (
    <details className="submit-tasks">
      <summary>Submit tasks</summary>
      <form
        className="form-grid"
        aria-label="Submit tasks"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Field label="Payload (JSON)" error={errors['payload']}>
          {(id, d) => (
            <textarea
              id={id}
              aria-describedby={d}
              rows={3}
              spellCheck={false}
              className="mono"
              value={payload}
              onChange={(e) => setPayload(e.target.value)}
            />
          )}
        </Field>
        <TextField
          label="Copies"
          error={errors['count']}
          inputMode="numeric"
          value={count}
          onChange={setCount}
        />
        <TextField
          label="Max attempts"
          error={errors['attempts']}
          hint="empty: the setting"
          inputMode="numeric"
          value={attempts}
          onChange={setAttempts}
        />
        <div className="form-actions">
          <button type="submit" className="primary">
            Submit
          </button>
        </div>
      </form>
    </details>
  );
}
