/**
 * Saves text as a file in a browser: a Blob behind a temporary object URL, clicked through
 * a detached anchor with `download` (no navigation, nothing sent anywhere).
 */
export function downloadText(
  doc: Document,
  filename: string,
  contentType: string,
  text: string,
): void {
  const url = URL.createObjectURL(new Blob([text], { type: contentType }));
  const anchor = doc.createElement('a');
  anchor.href = url;
  anchor.download = filename;
  anchor.rel = 'noopener';
  doc.body.append(anchor);
  anchor.click();
  anchor.remove();
  // Revoking at once can cancel the download in some engines; a minute is plenty.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
