import type { ViewName } from '../state/slices/ui-slice';
import { VIEWS } from '../state/slices/ui-slice';
import { useGantry, useGantryStore } from './context';
import type { ShortcutId } from './shortcut-table';
import { SHORTCUTS } from './shortcut-table';
import { useShortcut } from './use-shortcut';

const LABELS: Record<ViewName, string> = {
  overview: 'Overview',
  timeline: 'Timeline',
  traffic: 'Traffic',
  autoscaler: 'Autoscaler',
  tasks: 'Tasks',
  events: 'Events',
  settings: 'Settings',
  lab: 'Policy lab',
};

function NavItem({ view }: { view: ViewName }) {
  const current = useGantry((s) => s.view);
  const store = useGantryStore();
  const id = `view.${view}` as ShortcutId;
  useShortcut(id, () => store.getState().setView(view));
  return (
    <button
      type="button"
      role="tab"
      id={`tab-${view}`}
      aria-selected={current === view}
      aria-controls="main"
      className="nav-item"
      onClick={() => store.getState().setView(view)}
      title={`${LABELS[view]} (${SHORTCUTS[id].key})`}
    >
      {LABELS[view]}
      <kbd aria-hidden="true">{SHORTCUTS[id].key}</kbd>
    </button>
  );
}

/** The view tabs; each has a number key. */
export function NavBar() {
  const store = useGantryStore();
  return (
    <nav className="nav" aria-label="Views">
      <div role="tablist" aria-label="Views">
        {VIEWS.map((view) => (
          <NavItem key={view} view={view} />
        ))}
      </div>
      <button
        type="button"
        className="nav-help"
        aria-label="Keyboard shortcuts (?)"
        onClick={() => store.getState().setHelpOpen(true)}
      >
        ?
      </button>
    </nav>
  );
}
