import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { ClientContext, StoreContext } from './app/context';
import { pickClient } from './client/pick-client';
import { backfill, connectBridge } from './state/bridge';
import { connectDesktopMenu } from './state/desktop-menu';
import { animationFrameScheduler } from './state/frame-scheduler';
import { createGantryStore } from './state/store';

const client = pickClient(window);
const store = createGantryStore();
connectBridge(client, store, { scheduler: animationFrameScheduler(window) });
if (client.desktop !== undefined) connectDesktopMenu(client.desktop, store);

// History waits for a live connection: without a token there is nothing to ask.
let backfilled = false;
client.onConnection((state) => {
  if (state.status !== 'connected' || backfilled) return;
  backfilled = true;
  void backfill(client, store);
});

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <StoreContext.Provider value={store}>
      <ClientContext.Provider value={client}>
        <App />
      </ClientContext.Provider>
    </StoreContext.Provider>
  </StrictMode>,
);
