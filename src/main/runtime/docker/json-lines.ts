/**
 * Calls `onObject` for each JSON object of a newline-delimited stream (the Engine API's
 * build output and event stream); resolves when the stream ends, rejects on a stream error.
 * A line that is not JSON is passed to `onJunk` rather than ending the stream.
 */
export function readJsonLines(
  stream: NodeJS.ReadableStream,
  onObject: (value: unknown) => void,
  onJunk: (line: string) => void = () => {},
): Promise<void> {
  return new Promise((resolve, reject) => {
    let pending = '';
    const flush = (final: boolean): void => {
      const lines = pending.split('\n');
      pending = final ? '' : (lines.pop() ?? '');
      for (const line of lines) {
        const trimmed = line.trim();
        if (trimmed === '') continue;
        let value: unknown;
        try {
          value = JSON.parse(trimmed);
        } catch {
          onJunk(trimmed);
          continue;
        }
        onObject(value);
      }
    };
    stream.on('data', (chunk: Buffer | string) => {
      pending += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
      flush(false);
    });
    stream.on('end', () => {
      flush(true);
      resolve();
    });
    stream.on('close', () => {
      flush(true);
      resolve();
    });
    stream.on('error', reject);
  });
}
