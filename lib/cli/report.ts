import { readComparison } from '../report/result.js';
import { formatComparison } from '../report/text.js';
import { writeReport } from '../report/write.js';
import { TrtmapError } from '../errors.js';
import { formatHelp, type OptionSpecs, parseArgs } from './args.js';
import { ExitCode } from './command.js';

const options: OptionSpecs = {
  report: {
    type: 'list',
    valueName: 'out.html|out.md',
    description: 'write the report (HTML or Markdown, by extension; may repeat)',
  },
  verbose: { type: 'flag', description: 'print stack traces of errors' },
  help: { type: 'flag', short: 'h', description: 'show this help' },
};

const usageLine = 'trtmap report <results.json> [--report out.html] [--report out.md]';

/** Re-renders a saved `trtmap compare` result; prints its tables, and writes the reports asked for. */
export async function run(argv: string[]): Promise<number> {
  const parsed = parseArgs(argv, options, 'report');
  if (parsed.flags.has('help')) {
    const description =
      'Renders the JSON that trtmap compare saved (--json <file>, or beside its --report) again, as text, HTML or Markdown.';
    process.stdout.write(formatHelp(usageLine, options, description) + '\n');
    return ExitCode.Ok;
  }
  if (parsed.positionals.length !== 1) {
    throw new TrtmapError(
      'ERR_INVALID_ARGUMENT',
      `trtmap report needs one results file, the JSON of trtmap compare (see trtmap report --help)`,
    );
  }
  const comparison = readComparison(parsed.positionals[0]);
  for (const file of parsed.lists.get('report') ?? []) {
    writeReport(comparison, file);
    process.stderr.write(`trtmap: wrote ${file}\n`);
  }
  process.stdout.write(formatComparison(comparison) + '\n');
  return ExitCode.Ok;
}
