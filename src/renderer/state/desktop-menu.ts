import type { DesktopBridge } from '../../shared/api/bridge';
import type { GantryStore } from './store';

/**
 * The desktop app's menu commands (View ▸ Overview, Help ▸ Keyboard shortcuts) applied to
 * the store, so the menu and the keyboard do the same thing. Answers a disposer.
 */
export function connectDesktopMenu(desktop: DesktopBridge, store: GantryStore): () => void {
  return desktop.onMenu((command) => {
    const state = store.getState();
    if (command.type === 'show-view') state.setView(command.view);
    else if (command.type === 'show-shortcuts') state.setHelpOpen(true);
  });
}
