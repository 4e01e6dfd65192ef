import { useEffect, useRef, useState } from 'react';
import type { SimResult } from '../../../shared/api/contract/sim';
import { SIM_SHAPES } from '../../../shared/api/contract/sim';
import type { PolicyName } from '../../../shared/scaling/types';
import { POLICY_NAMES } from '../../../shared/scaling/types';
import { useAction } from '../../app/context';
import { LabChart } from '../../charts/lab-chart';
import { Field, TextField } from '../field';
import type { LabFormValues } from './lab-form';
import { LAB_DEFAULTS, toSimInput } from './lab-form';
import { LabResults } from './lab-results';

const MAX_TRACE_BYTES = 32 * 1024 * 1024;

/**
 * The policy lab: replay a built-in workload or a trace file through one policy or all of
 * them in the simulator (the same policy code the autoscaler runs), and compare cost and
 * waits against the clairvoyant oracle.
 */
export function LabView() {
  const [values, setValues] = useState<LabFormValues>(LAB_DEFAULTS);
  const [trace, setTrace] = useState<{ name: string; text: string } | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [results, setResults] = useState<SimResult[]>([]);
  const [selected, setSelected] = useState(0);
  const [busy, setBusy] = useState(false);
  const act = useAction();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const chartRef = useRef<LabChart | null>(null);

  useEffect(() => {
    if (canvasRef.current === null) return;
    const chart = new LabChart(canvasRef.current);
    chartRef.current = chart;
    return () => {
      chart.destroy();
      chartRef.current = null;
    };
  }, []);
  useEffect(() => chartRef.current?.show(results, selected), [results, selected]);

  const set = <K extends keyof LabFormValues>(name: K, value: LabFormValues[K]) =>
    setValues((v) => ({ ...v, [name]: value }));

  const run = async () => {
    const checked = toSimInput(values, trace);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    setBusy(true);
    const answer = await act('sim.run', checked.input);
    setBusy(false);
    if (answer === undefined) return;
    setResults(answer.results);
    setSelected(0);
  };

  const onFile = async (file: File | undefined) => {
    if (file === undefined) return setTrace(null);
    if (file.size > MAX_TRACE_BYTES)
      return setErrors((e) => ({ ...e, trace: 'the file is over 32 MiB' }));
    setTrace({ name: file.name, text: await file.text() });
  };

  const workload = results[0]?.workload;
  return (
    <div className="view lab-view">
      <section className="panel" aria-labelledby="lab-title">
        <header className="panel-head">
          <h2 id="lab-title">Policy lab</h2>
          <span className="small muted">simulated time; nothing runs on the pool</span>
        </header>
        <form
          className="form-grid"
          aria-label="Simulation"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void run();
          }}
        >
          <Field label="Workload" error={errors['shape']}>
            {(id) => (
              <select
                id={id}
                value={values.source}
                onChange={(e) => set('source', e.target.value as LabFormValues['source'])}
              >
                {SIM_SHAPES.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
                <option value="trace">trace file…</option>
              </select>
            )}
          </Field>
          {values.source === 'trace' && (
            <Field label="Trace file (CSV)" error={errors['trace'] ?? errors['traceCsv']}>
              {(id) => (
                <input
                  id={id}
                  type="file"
                  accept=".csv,text/csv,text/plain"
                  onChange={(e) => void onFile(e.target.files?.[0])}
                />
              )}
            </Field>
          )}
          {values.source === 'trace' && (
            <TextField
              label="Scale arrivals (×)"
              error={errors['scale']}
              inputMode="decimal"
              value={values.scale}
              onChange={(v) => set('scale', v)}
            />
          )}
          <Field label="Compare every policy">
            {(id) => (
              <input
                id={id}
                type="checkbox"
                checked={values.compare}
                onChange={(e) => set('compare', e.target.checked)}
              />
            )}
          </Field>
          {!values.compare && (
            <Field label="Policy" error={errors['policy']}>
              {(id) => (
                <select
                  id={id}
                  value={values.policy}
                  onChange={(e) => set('policy', e.target.value as PolicyName)}
                >
                  {POLICY_NAMES.map((p) => (
                    <option key={p} value={p}>
                      {p}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          <TextField
            label="Wait objective (SLO)"
            error={errors['slo']}
            hint="e.g. 10s"
            value={values.slo}
            onChange={(v) => set('slo', v)}
          />
          <TextField
            label="Worker start latency"
            error={errors['startLatency']}
            hint="5s, or 2s..8s"
            value={values.startLatency}
            onChange={(v) => set('startLatency', v)}
          />
          <TextField
            label="Work per task (ms)"
            error={errors['workMs']}
            hint="empty: the workload's own"
            inputMode="numeric"
            value={values.workMs}
            onChange={(v) => set('workMs', v)}
          />
          <TextField
            label="Slots per worker"
            error={errors['workerConcurrency']}
            inputMode="numeric"
            value={values.workerConcurrency}
            onChange={(v) => set('workerConcurrency', v)}
          />
          <TextField
            label="Min workers"
            error={errors['minWorkers']}
            inputMode="numeric"
            value={values.minWorkers}
            onChange={(v) => set('minWorkers', v)}
          />
          <TextField
            label="Max workers"
            error={errors['maxWorkers']}
            inputMode="numeric"
            value={values.maxWorkers}
            onChange={(v) => set('maxWorkers', v)}
          />
          <Field label="Seed" error={errors['seed']}>
            {(id) => (
              <input id={id} value={values.seed} onChange={(e) => set('seed', e.target.value)} />
            )}
          </Field>
          <div className="form-actions">
            <button type="submit" className="primary" disabled={busy} data-testid="lab-run">
              {busy ? 'Running…' : 'Run'}
            </button>
          </div>
        </form>
      </section>
      <section className="panel" aria-labelledby="lab-results-title" aria-busy={busy}>
        <header className="panel-head">
          <h2 id="lab-results-title">Results</h2>
          {workload !== undefined && (
            <span className="small muted">
              {workload.name}: {workload.about} · {workload.tasks} tasks
            </span>
          )}
        </header>
        {results.length === 0 ? (
          <p className="muted empty">Run a workload to compare policies.</p>
        ) : (
          <LabResults results={results} selected={selected} onSelect={setSelected} />
        )}
        <div className="chart-box tall">
          <canvas
            ref={canvasRef}
            role="img"
            aria-label="Workers over simulated time per policy, oracle dashed, backlog on the right axis"
            data-testid="lab-chart"
          />
        </div>
      </section>
    </div>
  );
}
