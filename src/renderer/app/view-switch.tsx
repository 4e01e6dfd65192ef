import { AutoscalerView } from '../views/autoscaler/autoscaler-view';
import { EventLogView } from '../views/events/event-log-view';
import { LabView } from '../views/lab/lab-view';
import { OverviewView } from '../views/overview/overview-view';
import { SettingsView } from '../views/settings/settings-view';
import { TasksView } from '../views/tasks/tasks-view';
import { TimelineView } from '../views/timeline/timeline-view';
import { TrafficView } from '../views/traffic/traffic-view';
import { useGantry } from './context';

/** Renders the current view only (charts of hidden views are destroyed, not updated). */
export function ViewSwitch() {
  const view = useGantry((s) => s.view);
  switch (view) {
    case 'overview':
      return <OverviewView />;
    case 'timeline':
      return <TimelineView />;
    case 'traffic':
      return <TrafficView />;
    case 'autoscaler':
      return <AutoscalerView />;
    case 'tasks':
      return <TasksView />;
    case 'events':
      return <EventLogView />;
    case 'settings':
      return <SettingsView />;
    case 'lab':
      return <LabView />;
  }
}
