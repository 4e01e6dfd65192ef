import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { menuTemplate } from '../../../src/main/electron/menu';

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [
    item,
    ...(Array.isArray(item.submenu) ? flatten(item.submenu) : []),
  ]);
}

const roles = (items: MenuItemConstructorOptions[]) =>
  flatten(items)
    .map((item) => item.role)
    .filter(Boolean);

describe('menuTemplate', () => {
  it('has no reload or developer tools in a production build', () => {
    const items = menuTemplate({ platform: 'linux', dev: false, send: () => {} });

    expect(roles(items)).not.toContain('toggleDevTools');
    expect(roles(items)).not.toContain('reload');
    expect(roles(items)).toEqual(
      expect.arrayContaining(['quit', 'zoomIn', 'zoomOut', 'resetZoom']),
    );
  });

  it('adds reload and developer tools in development', () => {
    const items = menuTemplate({ platform: 'linux', dev: true, send: () => {} });

    expect(roles(items)).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
  });

  it('uses the app menu on macOS', () => {
    const items = menuTemplate({ platform: 'darwin', dev: false, send: () => {} });

    expect(items[0]?.role).toBe('appMenu');
  });

  it('binds distinct shortcuts to the view switches and the shortcuts overlay', () => {
    const items = flatten(menuTemplate({ platform: 'linux', dev: false, send: () => {} }));
    const accelerators = items.map((item) => item.accelerator).filter((a) => a !== undefined);

    expect(accelerators).toEqual([
      'CmdOrCtrl+1',
      'CmdOrCtrl+2',
      'CmdOrCtrl+3',
      'CmdOrCtrl+4',
      'CmdOrCtrl+5',
      'CmdOrCtrl+6',
      'CmdOrCtrl+7',
      'CmdOrCtrl+8',
      'CmdOrCtrl+/',
    ]);
  });
});
