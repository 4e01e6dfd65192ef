import { useState } from 'react';
import type { AutoscalerStatus } from '../../../shared/snapshot';
import type { PolicyName, PolicyParams } from '../../../shared/scaling';
import { POLICY_NAMES, policyParamSpecs } from '../../../shared/scaling';
import { useAction, useGantry } from '../../app/context';
import { useShortcut } from '../../app/use-shortcut';
import { Field, TextField } from '../field';
import { DecisionsTable } from './decisions-table';
import { SpecParamsEditor } from './params-editor';
import { checkParam } from './param-rules';

function intOrError(text: string, min: number, max: number): number | string {
  const n = Number(text.trim());
  if (text.trim() === '' || !Number.isInteger(n)) return 'a whole number';
  if (n < min || n > max) return `between ${min} and ${max}`;
  return n;
}

function initialValues(policy: PolicyName, status: AutoscalerStatus) {
  const params = policy === status.policy.name ? status.policy.params : {};
  const values: Record<string, string | boolean> = {};
  for (const spec of policyParamSpecs(policy)) {
    const v = params[spec.name];
    values[spec.name] =
      spec.type === 'boolean' ? (v ?? spec.default) === true : String(v ?? spec.default);
  }
  return {
    values,
    bounds: { min: String(status.minWorkers), max: String(status.maxWorkers) },
  };
}

/**
 * Policy, knobs and bounds. Mounted afresh (keyed) per policy, so the fields start from the
 * engine's values and live snapshots never overwrite what is being typed.
 */
function ConfigForm({
  policy,
  status,
  onPolicy,
}: {
  policy: PolicyName;
  status: AutoscalerStatus;
  onPolicy: (policy: PolicyName) => void;
}) {
  const act = useAction();
  const [initial] = useState(() => initialValues(policy, status));
  const [values, setValues] = useState(initial.values);
  const [bounds, setBounds] = useState(initial.bounds);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const specs = policyParamSpecs(policy);

  const apply = async () => {
    const nextErrors: Record<string, string> = {};
    const params: PolicyParams = {};
    for (const spec of specs) {
      const checked = checkParam(spec, values[spec.name] ?? '');
      if ('error' in checked) nextErrors[spec.name] = checked.error;
      else params[spec.name] = checked.value;
    }
    const min = intOrError(bounds.min, 0, 1000);
    const max = intOrError(bounds.max, 1, 1000);
    if (typeof min === 'string') nextErrors['min'] = min;
    if (typeof max === 'string') nextErrors['max'] = max;
    if (typeof min === 'number' && typeof max === 'number' && min > max)
      nextErrors['min'] = 'above the maximum';
    setErrors(nextErrors);
    if (Object.keys(nextErrors).length > 0 || typeof min !== 'number' || typeof max !== 'number')
      return;
    await act(
      'autoscaler.configure',
      { policy, params, minWorkers: min, maxWorkers: max },
      'Autoscaler updated',
    );
  };

  return (
    <form
      className="form-grid"
      aria-label="Autoscaler configuration"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void apply();
      }}
    >
      <Field label="Policy">
        {(id) => (
          <select id={id} value={policy} onChange={(e) => onPolicy(e.target.value as PolicyName)}>
            {POLICY_NAMES.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Min workers" error={errors['min']}>
        {(id) => (
          <input
            id={id}
            inputMode="numeric"
            value={bounds.min}
            onChange={(e) => setBounds((b) => ({ ...b, min: e.target.value }))}
          />
        )}
      </Field>
      <Field label="Max workers" error={errors['max']}>
        {(id) => (
          <input
            id={id}
            inputMode="numeric"
            value={bounds.max}
            onChange={(e) => setBounds((b) => ({ ...b, max: e.target.value }))}
          />
        )}
      </Field>
      <SpecParamsEditor
        specs={specs}
        values={values}
        errors={errors}
        onChange={(n, v) => setValues((s) => ({ ...s, [n]: v }))}
      />
      <div className="form-actions">
        <button type="submit" className="primary">
          Apply
        </button>
      </div>
    </form>
  );
}

/**
 * The autoscaler: policy and its knobs, pool bounds, pause and resume, a manual scale, and
 * the latest decisions with the inputs and clamps behind them.
 */
export function AutoscalerView() {
  const status = useGantry((s) => s.snapshot?.autoscaler);
  const act = useAction();
  const [policy, setPolicy] = useState<PolicyName | null>(null);
  const [manual, setManual] = useState('');
  const [manualError, setManualError] = useState<string | undefined>(undefined);

  const paused = status?.paused ?? false;
  const togglePause = () =>
    void act(
      paused ? 'autoscaler.resume' : 'autoscaler.pause',
      undefined,
      paused ? 'Autoscaler resumed' : 'Autoscaler paused',
    );
  useShortcut('autoscaler.pause', togglePause);
  const scaleBy = (delta: number) => {
    if (status === undefined) return;
    const workers = Math.max(0, status.current + delta);
    void act('autoscaler.scale', { workers }, `Scaling to ${workers} (autoscaler paused)`);
  };
  useShortcut('autoscaler.up', () => scaleBy(1));
  useShortcut('autoscaler.down', () => scaleBy(-1));

  if (status === undefined) return <p className="muted empty">Waiting for the engine…</p>;
  const shown = policy ?? status.policy.name;
  return (
    <div className="view autoscaler-view">
      <section className="panel" aria-labelledby="as-title">
        <header className="panel-head">
          <h2 id="as-title">Autoscaler</h2>
          <span className={`pill ${paused ? 'pill-warn' : ''}`} data-testid="autoscaler-state">
            {paused ? 'paused' : 'running'} · {status.current} now, {status.desired} desired
          </span>
          <button type="button" onClick={togglePause}>
            {paused ? 'Resume' : 'Pause'} <kbd>p</kbd>
          </button>
        </header>
        <ConfigForm key={shown} policy={shown} status={status} onPolicy={setPolicy} />
      </section>
      <section className="panel" aria-labelledby="manual-title">
        <header className="panel-head">
          <h2 id="manual-title">Manual scale</h2>
          <span className="small muted">pauses the autoscaler</span>
        </header>
        <form
          className="inline-form"
          aria-label="Manual scale"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const n = intOrError(manual, 0, 1000);
            if (typeof n === 'string') setManualError(n);
            else {
              setManualError(undefined);
              void act('autoscaler.scale', { workers: n }, `Scaling to ${n} (autoscaler paused)`);
            }
          }}
        >
          <button type="button" aria-label="One fewer worker (-)" onClick={() => scaleBy(-1)}>
            −
          </button>
          <TextField
            label="Workers"
            error={manualError}
            inputMode="numeric"
            placeholder={String(status.current)}
            value={manual}
            onChange={setManual}
          />
          <button type="submit">Set</button>
          <button type="button" aria-label="One more worker (+)" onClick={() => scaleBy(1)}>
            +
          </button>
        </form>
      </section>
      <section className="panel wide" aria-labelledby="decisions-title">
        <header className="panel-head">
          <h2 id="decisions-title">Last decisions</h2>
          <span className="small muted">every {status.reconcileIntervalMs} ms</span>
        </header>
        <DecisionsTable decisions={status.lastDecisions} />
      </section>
    </div>
  );
}
