/** What every `lib/cli/<command>.ts` module exports. */
export interface CommandModule {
  /** Runs the command with the arguments after its name; resolves to the exit code. */
  run(argv: string[]): Promise<number>;
}

export const ExitCode = {
  Ok: 0,
  /** A check failed (e.g. `compare --max-map-drop`). */
  CheckFailed: 1,
  /** Bad usage or bad input: a TrtmapError. */
  Usage: 2,
  /** A bug in trtmap. */
  Internal: 70,
} as const;
