import type { EventLevel, GantryEvent } from '../../../shared/events';
import type { EventFilter } from '../../state/slices/ui-slice';

const LEVEL_RANK: Record<EventLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** Events passing the filter, newest first, at most `limit` of them. */
export function filterEvents(
  events: readonly GantryEvent[],
  filter: EventFilter,
  limit: number,
): GantryEvent[] {
  const text = filter.text.trim().toLowerCase();
  const min = LEVEL_RANK[filter.minLevel];
  const out: GantryEvent[] = [];
  for (let i = events.length - 1; i >= 0 && out.length < limit; i--) {
    const e = events[i];
    if (e === undefined) continue;
    if (filter.types.length > 0 && !filter.types.includes(e.type)) continue;
    if (LEVEL_RANK[e.level] < min) continue;
    if (text !== '' && !e.message.toLowerCase().includes(text) && !e.type.includes(text)) continue;
    out.push(e);
  }
  return out;
}
