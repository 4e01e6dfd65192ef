import type { RefObject } from 'react';
import { useState } from 'react';
import { useAction, useGantryStore } from '../../app/context';
import { downloadText } from '../../download';
import { exportRange } from './export-range';

const RANGES = [
  { value: '5', label: 'last 5 minutes' },
  { value: '60', label: 'last hour' },
  { value: '1440', label: 'last 24 hours' },
  { value: 'all', label: 'everything' },
  { value: 'custom', label: 'from… to…' },
];

/**
 * Exports the event log as JSON Lines or CSV for a time range. The desktop app saves
 * through a dialog in the main process (the answer names the file); headless, the answer
 * carries the text and the browser downloads it.
 */
export function ExportForm({ exportRef }: { exportRef: RefObject<HTMLSelectElement | null> }) {
  const [format, setFormat] = useState<'jsonl' | 'csv'>('jsonl');
  const [range, setRange] = useState('60');
  const [custom, setCustom] = useState({ from: '', to: '' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const act = useAction();
  const store = useGantryStore();

  const run = async () => {
    const bounds = exportRange({ preset: range, ...custom }, Date.now());
    if (!bounds.ok) {
      setError(bounds.error);
      return;
    }
    setError(null);
    setBusy(true);
    const answer = await act('events.export', { format, ...bounds.range });
    setBusy(false);
    if (answer === undefined) return;
    if (answer.content !== undefined) {
      downloadText(document, answer.filename, answer.contentType, answer.content);
      store.getState().notify(`Exported ${answer.count} events as ${answer.filename}`);
    } else if (answer.savedTo !== undefined) {
      store.getState().notify(`Saved ${answer.count} events to ${answer.savedTo}`);
    }
  };

  return (
    <form
      className="inline-form export-form"
      aria-label="Export events"
      onSubmit={(e) => {
        e.preventDefault();
        void run();
      }}
    >
      <label>
        Format{' '}
        <select
          ref={exportRef}
          value={format}
          onChange={(e) => setFormat(e.target.value as 'jsonl' | 'csv')}
          name="format"
        >
          <option value="jsonl">JSON Lines</option>
          <option value="csv">CSV</option>
        </select>
      </label>
      <label>
        Range{' '}
        <select value={range} onChange={(e) => setRange(e.target.value)} name="range">
          {RANGES.map((r) => (
            <option key={r.value} value={r.value}>
              {r.label}
            </option>
          ))}
        </select>
      </label>
      {range === 'custom' && (
        <>
          <label>
            From{' '}
            <input
              type="datetime-local"
              value={custom.from}
              onChange={(e) => setCustom((c) => ({ ...c, from: e.target.value }))}
            />
          </label>
          <label>
            To{' '}
            <input
              type="datetime-local"
              value={custom.to}
              onChange={(e) => setCustom((c) => ({ ...c, to: e.target.value }))}
            />
          </label>
        </>
      )}
      <button type="submit" disabled={busy} data-testid="export">
        Export
      </button>
      {error !== null && (
        <span className="error-text" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
