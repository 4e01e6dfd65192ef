import { useMemo, useRef } from 'react';
import type { EventLevel, GantryEvent, GantryEventType } from '../../../shared/events';
import { useGantry, useGantryStore } from '../../app/context';
import { useShortcut } from '../../app/use-shortcut';
import { fmtClock } from '../../format';
import { ExportForm } from './export-form';
import { filterEvents } from './event-filter';

const TYPES: GantryEventType[] = ['scaling', 'worker', 'runtime-error', 'task-summary', 'notice'];
const LEVELS: EventLevel[] = ['debug', 'info', 'warn', 'error'];
// TODO: page or virtualize the list; it renders the newest 500 matches of the 5,000 events
// held, and older history is reachable only through the export.
const SHOWN = 500;

function EventRow({ event }: { event: GantryEvent }) {
  return (
    <li className={`event-row level-${event.level}`} data-testid="event-row" data-type={event.type}>
      <span className="mono small">{fmtClock(event.ts)}</span>
      <span className={`badge level-${event.level}`}>{event.level}</span>
      <span className="badge type">{event.type}</span>
      <span className="message">{event.message}</span>
    </li>
  );
}

/** The event log: filter by type, level and text; export a time range. */
export function EventLogView() {
  const events = useGantry((s) => s.events);
  const filter = useGantry((s) => s.eventFilter);
  const store = useGantryStore();
  const searchRef = useRef<HTMLInputElement>(null);
  const exportRef = useRef<HTMLSelectElement>(null);
  const shown = useMemo(() => filterEvents(events, filter, SHOWN), [events, filter]);

  useShortcut('events.search', () => searchRef.current?.focus());
  useShortcut('events.export', () => exportRef.current?.focus());

  const toggleType = (type: GantryEventType) => {
    const types = filter.types.includes(type)
      ? filter.types.filter((t) => t !== type)
      : [...filter.types, type];
    store.getState().setEventFilter({ types });
  };

  return (
    <div className="view events-view">
      <section className="panel" aria-labelledby="events-title">
        <header className="panel-head">
          <h2 id="events-title">Event log</h2>
          <ExportForm exportRef={exportRef} />
        </header>
        <div className="filters" role="group" aria-label="Filters">
          <fieldset className="chips">
            <legend className="sr-only">Types</legend>
            {TYPES.map((t) => (
              <label key={t} className="chip">
                <input
                  type="checkbox"
                  checked={filter.types.includes(t)}
                  onChange={() => toggleType(t)}
                />
                {t}
              </label>
            ))}
          </fieldset>
          <label>
            Level at least{' '}
            <select
              value={filter.minLevel}
              onChange={(e) =>
                store.getState().setEventFilter({ minLevel: e.target.value as EventLevel })
              }
            >
              {LEVELS.map((l) => (
                <option key={l} value={l}>
                  {l}
                </option>
              ))}
            </select>
          </label>
          <label className="grow">
            <span className="sr-only">Search</span>
            <input
              ref={searchRef}
              type="search"
              placeholder="Search messages ( / )"
              value={filter.text}
              onChange={(e) => store.getState().setEventFilter({ text: e.target.value })}
            />
          </label>
        </div>
        <p className="small muted" role="status">
          {shown.length === SHOWN ? `newest ${SHOWN} shown of ` : `${shown.length} shown of `}
          {events.length} held
        </p>
        <ol className="event-log" aria-label="Events, newest first">
          {shown.map((e) => (
            <EventRow key={`${e.seq}:${e.ts}`} event={e} />
          ))}
        </ol>
      </section>
    </div>
  );
}
