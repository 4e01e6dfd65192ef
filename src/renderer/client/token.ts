const STORAGE_KEY = 'gantry.apiToken';

/** The parts of `window` the token lookup touches (injected so tests need no DOM). */
export interface TokenEnv {
  location: { hash: string; pathname: string; search: string };
  sessionStorage: Pick<Storage, 'getItem' | 'setItem'>;
  history: Pick<History, 'replaceState'>;
}

/**
 * The API token of the headless dashboard. `gantry serve` prints a link ending in
 * `#token=...`: the fragment never reaches a server or a log. The token is kept in
 * sessionStorage (so a reload keeps working) and removed from the address bar (so it is
 * not shared with a screenshot or a copied link). Null when neither has one.
 */
export function takeToken(env: TokenEnv): string | null {
  const params = new URLSearchParams(env.location.hash.replace(/^#/, ''));
  const fromHash = params.get('token');
  if (fromHash !== null && fromHash !== '') {
    env.sessionStorage.setItem(STORAGE_KEY, fromHash);
    params.delete('token');
    const rest = params.toString();
    env.history.replaceState(
      null,
      '',
      `${env.location.pathname}${env.location.search}${rest ? `#${rest}` : ''}`,
    );
    return fromHash;
  }
  const stored = env.sessionStorage.getItem(STORAGE_KEY);
  return stored === null || stored === '' ? null : stored;
}
