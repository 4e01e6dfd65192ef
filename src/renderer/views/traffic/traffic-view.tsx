import { useRef, useState } from 'react';
import type { TrafficShape } from '../../../shared/traffic';
import { useAction, useClient, useGantry, useGantryStore } from '../../app/context';
import { useShortcut } from '../../app/use-shortcut';
import { Field, TextField } from '../field';
import type { TraceChoice, TrafficFormValues } from './traffic-form';
import { BURST_PRESET, SHAPE_FIELDS, toProfile } from './traffic-form';
import { TrafficProgressView } from './traffic-progress';

const SHAPES: TrafficShape[] = ['constant', 'step', 'spike', 'sine', 'onoff', 'trace'];
const MAX_TRACE_BYTES = 50 * 1024 * 1024;

/**
 * The traffic generator: shape, rate, duration, work per task and the shape's parameters,
 * or a trace file read here and sent as text. Start and stop; live progress and summary.
 */
export function TrafficView() {
  const [values, setValues] = useState<TrafficFormValues>(BURST_PRESET);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [trace, setTrace] = useState<TraceChoice | null>(null);
  const client = useClient();
  const store = useGantryStore();
  const traffic = useGantry((s) => s.snapshot?.traffic ?? s.lastTrafficSummary);
  const running = traffic?.running === true;
  const act = useAction();
  const formRef = useRef<HTMLFormElement>(null);

  const set = (name: keyof TrafficFormValues, value: string) =>
    setValues((v) => ({ ...v, [name]: value }));

  const start = async () => {
    const result = toProfile(values, trace);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    await act('traffic.start', result.profile, `Traffic started: ${result.profile.shape}`);
  };
  const stop = () => void act('traffic.stop', undefined, 'Traffic stopped');

  useShortcut('traffic.start', () => void start());
  useShortcut('traffic.stop', stop, running);

  const onFile = async (file: File | undefined) => {
    if (file === undefined) {
      setTrace(null);
      return;
    }
    if (file.size > MAX_TRACE_BYTES) {
      setErrors((e) => ({ ...e, traceCsv: 'the file is over 50 MiB' }));
      return;
    }
    setTrace({ name: file.name, text: await file.text() });
    setErrors(({ traceCsv: _drop, ...rest }) => rest);
  };

  const chooseNative = async () => {
    const desktop = client.desktop;
    if (desktop === undefined) return;
    const answer = await desktop.openTraceFile();
    if (!answer.ok) store.getState().notify(answer.error.message, 'error');
    else if (answer.value !== null) {
      setTrace({ name: answer.value.name, path: answer.value.path });
      setErrors(({ traceCsv: _drop, ...rest }) => rest);
    }
  };

  return (
    <div className="view traffic-view">
      <section className="panel" aria-labelledby="traffic-title">
        <header className="panel-head">
          <h2 id="traffic-title">Generate traffic</h2>
          <button type="button" onClick={() => setValues(BURST_PRESET)}>
            Burst preset
          </button>
        </header>
        <form
          ref={formRef}
          className="form-grid"
          aria-label="Traffic profile"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void start();
          }}
        >
          <Field label="Shape" error={errors['shape']}>
            {(id) => (
              <select
                id={id}
                value={values.shape}
                onChange={(e) => set('shape', e.target.value as TrafficShape)}
                name="shape"
              >
                {SHAPES.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <TextField
            label="Base rate (tasks/s)"
            error={errors['rate']}
            name="rate"
            inputMode="decimal"
            value={values.rate}
            onChange={(v) => set('rate', v)}
          />
          <TextField
            label="Duration (s)"
            error={errors['durationS']}
            name="durationS"
            inputMode="decimal"
            value={values.durationS}
            onChange={(v) => set('durationS', v)}
          />
          <TextField
            label="Work per task (ms)"
            error={errors['workMs']}
            name="workMs"
            inputMode="numeric"
            value={values.workMs}
            onChange={(v) => set('workMs', v)}
          />
          {SHAPE_FIELDS[values.shape].map((f) => (
            <Field key={f.name} label={f.label} error={errors[f.name]}>
              {(id) => (
                <input
                  id={id}
                  name={f.name}
                  inputMode="decimal"
                  value={values[f.name]}
                  onChange={(e) => set(f.name, e.target.value)}
                />
              )}
            </Field>
          ))}
          {values.shape === 'trace' && (
            <Field label="Trace file (CSV)" error={errors['traceCsv']}>
              {(id) => (
                <input
                  id={id}
                  name="traceFile"
                  type="file"
                  accept=".csv,text/csv,text/plain"
                  onChange={(e) => void onFile(e.target.files?.[0])}
                />
              )}
            </Field>
          )}
          {values.shape === 'trace' && client.desktop !== undefined && (
            <button type="button" onClick={() => void chooseNative()}>
              Choose with the system dialog…
            </button>
          )}
          {trace !== null && values.shape === 'trace' && (
            <p className="small muted">
              {trace.text !== undefined
                ? `${trace.name}: ${trace.text.split('\n').length - 1} lines`
                : trace.path}
            </p>
          )}
          <div className="form-actions">
            <button type="submit" className="primary" data-testid="traffic-start">
              Start <kbd>b</kbd>
            </button>
            <button type="button" disabled={!running} onClick={stop} data-testid="traffic-stop">
              Stop <kbd>x</kbd>
            </button>
          </div>
        </form>
      </section>
      <section className="panel" aria-labelledby="traffic-run-title">
        <header className="panel-head">
          <h2 id="traffic-run-title">{running ? 'Running' : 'Last run'}</h2>
        </header>
        {traffic === null || traffic === undefined ? (
          <p className="muted empty">Nothing has run yet.</p>
        ) : (
          <TrafficProgressView traffic={traffic} />
        )}
      </section>
    </div>
  );
}
