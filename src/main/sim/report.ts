/** Placeholder replaced below. */
export async function writeReport(path: string): Promise<string> {
  return path;
}
