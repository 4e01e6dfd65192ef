/** Chromium and Node switches Electron accepts on its command line; they are not settings. */
const RUNTIME_SWITCHES = [
  'inspect',
  'inspect-brk',
  'remote-debugging-port',
  'remote-debugging-pipe',
  'no-sandbox',
  'enable-logging',
  'disable-gpu',
  'ozone-platform',
  'enable-features',
  'disable-features',
  'user-data-dir',
  'js-flags',
];

/**
 * The app's own flags (`--port 8080 --runtime docker`) from Electron's `process.argv`.
 * Unpackaged (`electron . --port 8080`), everything up to the app path is Electron's; a
 * packaged app's flags follow the executable. Runtime switches (`--inspect=0`,
 * `--remote-debugging-port=0` that test drivers add) are dropped wherever they appear.
 */
export function appArgs(argv: readonly string[], packaged: boolean): string[] {
  let rest = argv.slice(1);
  if (!packaged) {
    const appPath = rest.findIndex((arg) => !arg.startsWith('-'));
    rest = appPath === -1 ? [] : rest.slice(appPath + 1);
  }
  return rest.filter((arg) => !isRuntimeSwitch(arg));
}

function isRuntimeSwitch(arg: string): boolean {
  if (!arg.startsWith('--')) return false;
  const name = arg.slice(2).split('=')[0] ?? '';
  return RUNTIME_SWITCHES.includes(name);
}
