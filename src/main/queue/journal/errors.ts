/**
 * The journal cannot be trusted as it is: a damaged frame with valid records after it, a
 * missing segment, a damaged snapshot, or records that do not replay. Opening refuses rather
 * than serve a shorter history; the message says where and what to do.
 */
export class JournalCorruptError extends Error {
  override readonly name = 'JournalCorruptError';

  constructor(
    readonly file: string,
    readonly offset: number,
    problem: string,
    readonly repairable: boolean,
  ) {
    super(
      `queue journal ${file} is damaged at byte ${offset}: ${problem}. ` +
        (repairable
          ? 'Restore the data directory from a backup, or open the queue with repair ' +
            '(`gantry serve --repair-queue`) to keep the history before the damage and set ' +
            'the rest aside beside the journal as a .damaged file.'
          : 'Restore the data directory from a backup; repair cannot fix this file.'),
    );
  }
}
