import { collectMachine, formatBoardState, type BenchmarkMachine } from '../board/index.js';
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
