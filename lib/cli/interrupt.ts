/**
 * Ctrl-C during a long run (eval, compare): instead of dying mid-line, end
 * the progress bar's line, say where the run stopped and what is on disk, and
 * exit 130 (128 + SIGINT, as shells report a process ended by Ctrl-C).
 * Returns a function that removes the handler once the run is over.
 */
export function onInterrupt(
  progress: { end(): void } | undefined,
  where: () => string,
): () => void {
  const handler = () => {
    progress?.end();
    process.stderr.write(`trtmap: interrupted (Ctrl-C): ${where()}\n`);
    process.exit(130);
  };
  process.once('SIGINT', handler);
  return () => {
    process.off('SIGINT', handler);
  };
}

/** "nothing was written (--results a.json is written when the run completes)", for the options given. */
export function pendingOutputs(
  files: ReadonlyArray<[flag: string, file: string | undefined]>,
): string {
  const asked = files.filter((entry): entry is [string, string] => entry[1] !== undefined);
  if (asked.length === 0) return 'no output file was asked for';
  return `nothing was written (${asked.map(([flag, file]) => `${flag} ${file}`).join(', ')} ${
    asked.length === 1 ? 'is' : 'are'
  } written when the run completes)`;
}
