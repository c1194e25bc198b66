import { collectMachine, formatBoardState, type BenchmarkMachine } from '../board/index.js';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { loadOnnxRuntime, onnxRuntimeInstallHint } from '../backends/onnxruntime.js';

/**
 * The host part of `trtmap doctor`: the CPU (and on a Jetson its clocks and
 * power mode), read by lib/board as every benchmark records it, and ONNX
 * Runtime, the CPU backend: its version, whether it loads, and its threads.
 */
export interface HostReport {
  machine: BenchmarkMachine;
  onnxRuntime:
    | {
        loaded: true;
        version: string;
        /** ONNX Runtime's own default (intraOpNumThreads 0): one thread per physical core. */
        threads: 'default';
      }
    | { loaded: false; problem: string };
}

export async function collectHostReport(): Promise<HostReport> {
  const machine = await collectMachine();
  // A native binary that cannot run here (another CPU generation, an emulator) kills the
  // process that loads it, which no catch can stop: doctor tries it in a child first.
  const crash = onnxRuntimeLoadCrash();
  if (crash !== undefined) return { machine, onnxRuntime: { loaded: false, problem: crash } };
  try {
    await loadOnnxRuntime();
    return {
      machine,
      onnxRuntime: {
        loaded: true,
        version: machine.onnxRuntime?.version ?? 'unknown version',
        threads: 'default',
      },
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { machine, onnxRuntime: { loaded: false, problem: message } };
  }
}

export function formatHostReport(report: HostReport): string[] {
  // formatBoardState's lines ("CPU: ...", "Jetson: ...") in doctor's column layout; its
  // ONNX Runtime line is replaced by the one below, which also says whether it loads.
  const board = formatBoardState({ ...report.machine, onnxRuntime: undefined, gpu: undefined });
  const lines = board.map((line) => {
    const colon = line.indexOf(': ');
    return `${line.slice(0, colon).padEnd(13)} ${line.slice(colon + 2)}`;
  });
  const ort = report.onnxRuntime;
  lines.push(
    ort.loaded
      ? `ONNX Runtime  ${ort.version} (CPU backend), threads per operator: ONNX Runtime's default, one per physical core (--threads n to set)`
      : `ONNX Runtime  NOT LOADED: ${ort.problem.replace(/^ONNX Runtime backend unavailable: /, '')}`,
  );
  if (!ort.loaded && !ort.problem.includes(onnxRuntimeInstallHint))
    lines.push(`  install     ${onnxRuntimeInstallHint}`);
  return lines;
}

/**
 * Loads onnxruntime-node in a child Node process and reports why it did not
 * load there (a signal such as SIGSEGV or SIGILL when its native binary
 * cannot run on this CPU or C library, the child's first error line, or a
 * child that could not start at all, as under an emulator), or undefined
 * when it loaded, so that loading it in this process is safe.
 */
function onnxRuntimeLoadCrash(): string | undefined {
  let entry: string;
  try {
    entry = createRequire(import.meta.url).resolve('onnxruntime-node');
  } catch {
    return undefined; // not installed: the in-process load says so with the install hint
  }
  const child = spawnSync(
    process.execPath,
    ['-e', `require(${JSON.stringify(entry)}); process.stdout.write('loaded')`],
    { encoding: 'utf8', timeout: 120_000 },
  );
  if (child.stdout === 'loaded') return undefined;
  if (child.signal !== null && child.signal !== 'SIGTERM')
    return `loading onnxruntime-node killed a Node process (${child.signal}): its native binary does not run on this machine (CPU or C library); build or install an onnxruntime-node for this platform`;
  const firstError = (child.stderr ?? '')
    .split('\n')
    .find((line) => /error/i.test(line))
    ?.trim();
  return `onnxruntime-node did not load in a child Node process (${child.error ? String(child.error.message) : `exit status ${child.status}`}${firstError ? `: ${firstError}` : ''}); not loaded here either, since a native crash would end this process`;
}
