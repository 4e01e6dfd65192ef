import type { RefObject } from 'react';
import { useState } from 'react';
import { useAction, useGantryStore } from '../../app/context';
import { downloadText } from '../../download';

const RANGES = [
  { value: '5', label: 'last 5 minutes' },
  { value: '60', label: 'last hour' },
  { value: '1440', label: 'last 24 hours' },
  { value: 'all', label: 'everything' },
];

/**
 * Exports the event log as JSON Lines or CSV for a time range. The desktop app saves
 * through a dialog in the main process (the answer names the file); headless, the answer
 * carries the text and the browser downloads it.
 */
export function ExportForm({ exportRef }: { exportRef: RefObject<HTMLSelectElement | null> }) {
  const [format, setFormat] = useState<'jsonl' | 'csv'>('jsonl');
  const [range, setRange] = useState('60');
  const [busy, setBusy] = useState(false);
  const act = useAction();
  const store = useGantryStore();

  const run = async () => {
    setBusy(true);
    const to = Date.now();
    const input = range === 'all' ? { format } : { format, from: to - Number(range) * 60_000, to };
    const answer = await act('events.export', input);
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
      <button type="submit" disabled={busy} data-testid="export">
        Export
      </button>
    </form>
  );
}
