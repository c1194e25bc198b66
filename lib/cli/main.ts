#!/usr/bin/env node
import { runCli } from './run.js';

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // runCli maps every error to an exit code; reaching here is a bug in trtmap.
    console.error(error);
    process.exitCode = 70;
  },
);
