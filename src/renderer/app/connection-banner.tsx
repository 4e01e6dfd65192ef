import { useGantry } from './context';
import { fmtDuration } from '../format';

/** Says plainly why the dashboard shows nothing: no token, a wrong one, or no engine. */
export function ConnectionBanner() {
  const connection = useGantry((s) => s.connection);
  const ready = useGantry((s) => s.ready);
  if (connection.status === 'connected' && ready) return null;

  let title = 'Connecting to the engine…';
  let detail = '';
  let kind = 'info';
  if (connection.status === 'token-missing') {
    kind = 'error';
    title = 'Not connected: the API token is missing';
    detail =
      'Open the dashboard with the link that `gantry serve` prints (it ends in #token=…), ' +
      'or append #token=YOUR_TOKEN to this address. The token is in the data directory.';
  } else if (connection.status === 'unauthorized') {
    kind = 'error';
    title = 'Not connected: the API token was refused';
    detail = `${connection.message}. Open the link that \`gantry serve\` prints to get the current token.`;
  } else if (connection.status === 'disconnected') {
    kind = 'warn';
    title = 'Not connected: the engine does not answer';
    detail = `${connection.message}. Retrying in ${fmtDuration(connection.retryInMs)}.`;
  } else if (connection.status === 'connected') {
    title = 'Connected; waiting for the first snapshot…';
  }
  return (
    <div
      className={`banner banner-${kind}`}
      role={kind === 'info' ? 'status' : 'alert'}
      data-testid="connection-banner"
    >
      <strong>{title}</strong>
      {detail !== '' && <p>{detail}</p>}
    </div>
  );
}
