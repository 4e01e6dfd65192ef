import { useEffect } from 'react';
import { useGantry, useGantryStore } from './context';
import { ConnectionBanner } from './connection-banner';
import { HelpOverlay } from './help-overlay';
import { NavBar } from './nav-bar';
import { StatusBar } from './status-bar';
import { Toast } from './toast';
import { useShortcut } from './use-shortcut';
import { useAction } from './context';
import { ViewSwitch } from './view-switch';

/** The shell: header with navigation and status, the current view, overlays. */
export function App() {
  const ready = useGantry((s) => s.ready);
  const view = useGantry((s) => s.view);
  const store = useGantryStore();
  const act = useAction();
  const paused = useGantry((s) => s.snapshot?.queue.paused ?? false);

  useShortcut('help', () => store.getState().setHelpOpen(!store.getState().helpOpen));
  useShortcut('queue.pause', () => {
    void act(
      paused ? 'queue.resume' : 'queue.pause',
      undefined,
      paused ? 'Dispatching resumed' : 'Dispatching paused',
    );
  });

  useEffect(() => {
    document.title = `Gantry · ${view}`;
  }, [view]);

  return (
    <div className="app" data-ready={ready ? 'true' : undefined} data-view={view}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <h1 className="brand">Gantry</h1>
        <NavBar />
        <StatusBar />
      </header>
      <ConnectionBanner />
      <main id="main" className="app-main" tabIndex={-1}>
        <ViewSwitch />
      </main>
      <HelpOverlay />
      <Toast />
    </div>
  );
}
