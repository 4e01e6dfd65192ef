import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  clampToDisplays,
  defaultBounds,
  parseWindowState,
  readWindowState,
  writeWindowState,
} from '../../../src/main/electron/window-state';

const laptop = { x: 0, y: 0, width: 1440, height: 875 };
const rightMonitor = { x: 1440, y: 0, width: 2560, height: 1415 };

describe('parseWindowState', () => {
  it('reads a valid state', () => {
    const text = JSON.stringify({
      bounds: { x: 10, y: 20, width: 1000, height: 700 },
      maximized: true,
    });

    expect(parseWindowState(text)).toEqual({
      bounds: { x: 10, y: 20, width: 1000, height: 700 },
      maximized: true,
    });
  });

  it.each([
    ['missing', undefined],
    ['not JSON', '{"bounds":'],
    ['wrong shape', '[1,2,3]'],
    ['a string width', '{"bounds":{"x":0,"y":0,"width":"1000","height":700},"maximized":false}'],
    ['a zero height', '{"bounds":{"x":0,"y":0,"width":1000,"height":0},"maximized":false}'],
    [
      'a huge coordinate',
      '{"bounds":{"x":1e12,"y":0,"width":1000,"height":700},"maximized":false}',
    ],
    ['no maximized flag', '{"bounds":{"x":0,"y":0,"width":1000,"height":700}}'],
  ])('rejects %s', (_name, text) => {
    expect(parseWindowState(text)).toBeUndefined();
  });
});

describe('clampToDisplays', () => {
  it('keeps bounds that fit their display', () => {
    const bounds = { x: 1600, y: 100, width: 1200, height: 800 };

    expect(clampToDisplays(bounds, [laptop, rightMonitor])).toEqual(bounds);
  });

  it('centres the window on the primary display when its display is gone', () => {
    const onUnpluggedMonitor = { x: 1600, y: 100, width: 1200, height: 800 };

    expect(clampToDisplays(onUnpluggedMonitor, [laptop])).toEqual({
      x: 120,
      y: 38,
      width: 1200,
      height: 800,
    });
  });

  it('shrinks a window larger than its display and pulls it inside', () => {
    const tooBig = { x: 100, y: 50, width: 3000, height: 2000 };

    expect(clampToDisplays(tooBig, [laptop])).toEqual({ x: 0, y: 0, width: 1440, height: 875 });
  });

  it('pulls a window hanging off the right edge back in', () => {
    const hanging = { x: 1000, y: 100, width: 1000, height: 700 };

    expect(clampToDisplays(hanging, [laptop])).toEqual({
      x: 440,
      y: 100,
      width: 1000,
      height: 700,
    });
  });

  it('grows a tiny remembered window to the minimum size', () => {
    expect(clampToDisplays({ x: 0, y: 0, width: 50, height: 40 }, [laptop])).toEqual({
      x: 0,
      y: 0,
      width: 900,
      height: 600,
    });
  });

  it('answers the default size centred on the primary display', () => {
    expect(defaultBounds([rightMonitor])).toEqual({ x: 2040, y: 278, width: 1360, height: 860 });
  });
});

describe('window state file', () => {
  it('round-trips through the file and ignores a corrupt one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gantry-window-'));
    const path = join(dir, 'nested', 'window-state.json');
    const state = { bounds: { x: 5, y: 6, width: 1000, height: 700 }, maximized: false };

    writeWindowState(path, state);
    expect(readWindowState(path)).toEqual(state);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(state);

    writeFileSync(path, 'garbage');
    expect(readWindowState(path)).toBeUndefined();
    expect(readWindowState(join(dir, 'absent.json'))).toBeUndefined();
  });
});
