import { describe, expect, it } from 'vitest';
import { appArgs } from '../../../src/main/electron/app-args';

describe('appArgs', () => {
  it('takes what follows the app path when unpackaged', () => {
    expect(appArgs(['/x/electron', '.', '--port', '8080'], false)).toEqual(['--port', '8080']);
  });

  it('skips the switches a test driver puts before the app path', () => {
    const argv = [
      '/x/electron',
      '--inspect=0',
      '--remote-debugging-port=0',
      '/repo',
      '--runtime',
      'process',
    ];

    expect(appArgs(argv, false)).toEqual(['--runtime', 'process']);
  });

  it('takes everything after the executable when packaged, minus runtime switches', () => {
    expect(appArgs(['/Applications/Gantry', '--no-sandbox', '--min-workers', '2'], true)).toEqual([
      '--min-workers',
      '2',
    ]);
  });

  it('answers nothing when no app path was given', () => {
    expect(appArgs(['/x/electron', '--inspect'], false)).toEqual([]);
  });
});
