import type { MenuItemConstructorOptions } from 'electron';
import type { AppView, MenuCommand } from '../../shared/api/channels';
import { APP_VIEWS } from '../../shared/api/channels';

export interface MenuOptions {
  platform: NodeJS.Platform;
  /** Development build: adds reload and the developer tools. */
  dev: boolean;
  /** Sends a command to the renderer (a push on the menu channel). */
  send(command: MenuCommand): void;
}

const VIEW_LABELS: Record<AppView, string> = {
  overview: 'Overview',
  timeline: 'Scaling Timeline',
  traffic: 'Traffic',
  autoscaler: 'Autoscaler',
  tasks: 'Tasks',
  events: 'Event Log',
  settings: 'Settings',
  lab: 'Policy Lab',
};

/**
 * The application menu: the platform's usual app, edit and window menus, view switches on
 * Ctrl/Cmd+1…7, zoom, and Help → Keyboard Shortcuts. Reload and the developer tools exist
 * only in development builds, so a user cannot open a console onto the engine's API.
 */
export function menuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  const views: MenuItemConstructorOptions[] = APP_VIEWS.map((view, index) => ({
    label: VIEW_LABELS[view],
    accelerator: `CmdOrCtrl+${index + 1}`,
    click: () => options.send({ type: 'show-view', view }),
  }));
  const develop: MenuItemConstructorOptions[] = options.dev
    ? [
        { role: 'reload' },
        { role: 'forceReload' },
        { role: 'toggleDevTools' },
        { type: 'separator' },
      ]
    : [];

  const template: MenuItemConstructorOptions[] = [
    {
      label: 'View',
      submenu: [
        ...views,
        { type: 'separator' },
        ...develop,
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        {
          label: 'Keyboard Shortcuts',
          accelerator: 'CmdOrCtrl+/',
          click: () => options.send({ type: 'show-shortcuts' }),
        },
      ],
    },
  ];
  const edit: MenuItemConstructorOptions = { role: 'editMenu' };
  if (mac) return [{ role: 'appMenu' }, { role: 'fileMenu' }, edit, ...template];
  return [{ label: 'File', submenu: [{ role: 'quit' }] }, edit, ...template];
}
