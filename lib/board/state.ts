import { existsSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A Jetson's release, module, power mode and clocks (frequencies in MHz). */
export interface JetsonState {
  /** "R32 (release), REVISION: 7.1" from /etc/nv_tegra_release, as "32.7.1". */
  l4tRelease?: string;
  /** /proc/device-tree/model, e.g. "NVIDIA Jetson Nano Developer Kit". */
  module?: string;
  /** nvpmodel's mode: id and name (e.g. 0 MAXN), from its status file and configuration. */
  powerMode?: { id: number; name?: string };
  /** Every online CPU and the GPU at a fixed frequency (min = max), as jetson_clocks leaves them. */
  clocksLocked: boolean;
  cpuFrequenciesMhz: number[];
  gpuFrequencyMhz?: number;
  gpuMaxFrequencyMhz?: number;
  emcFrequencyMhz?: number;
  /** Thermal zones at or above a passive trip point when read (the kernel throttles there). */
  throttlingZones: string[];
}

/** The machine a benchmark ran on. */
export interface BoardState {
  cpuModel: string;
  cpuCount: number;
  jetson?: JetsonState;
}

function readText(file: string): string | undefined {
  try {
    // Device-tree strings end in NUL.
    return readFileSync(file, 'utf8').replace(/\0/g, '').trim();
  } catch {
    return undefined;
  }
}

function readNumber(file: string): number | undefined {
  const text = readText(file);
  const value = text === undefined ? NaN : Number(text);
  return Number.isFinite(value) ? value : undefined;
}

function list(folder: string): string[] {
  try {
    return readdirSync(folder).sort();
  } catch {
    return [];
  }
}

/** "# R32 (release), REVISION: 7.1, GCID: ..., BOARD: t210ref, ..." -> "32.7.1". */
export function parseL4tRelease(text: string): string | undefined {
  const match = /R(\d+) \(release\), REVISION: (\d+(?:\.\d+)*)/.exec(text);
  return match ? `${match[1]}.${match[2]}` : undefined;
}

/** nvpmodel's status file ("pmode:0000") and /etc/nvpmodel.conf ("< POWER_MODEL ID=0 NAME=MAXN >"). */
export function parsePowerMode(
  status: string | undefined,
  config: string | undefined,
): { id: number; name?: string } | undefined {
  const match = /pmode:(\d+)/.exec(status ?? '');
  if (!match) return undefined;
  const id = Number(match[1]);
  const named = new RegExp(`POWER_MODEL ID=${id} NAME=([^\\s>]+)`).exec(config ?? '');
  return named ? { id, name: named[1] } : { id };
}

function cpuModelOf(root: string): string {
  const info = readText(path.join(root, 'proc/cpuinfo')) ?? '';
  const named = /^model name\s*:\s*(.+)$/m.exec(info);
  if (named) return named[1].trim();
  // ARM kernels print no model name: the part number identifies the core.
  const part = /^CPU part\s*:\s*(0x[0-9a-f]+)$/im.exec(info)?.[1];
  const parts: Record<string, string> = {
    '0xd07': 'ARM Cortex-A57',
    '0xd08': 'ARM Cortex-A72',
    '0xd42': 'ARM Cortex-A78AE',
    '0x004': 'NVIDIA Carmel',
  };
  if (part) return parts[part.toLowerCase()] ?? `ARM CPU part ${part}`;
  return os.cpus()[0]?.model ?? 'unknown CPU';
}

/** The GPU's devfreq folder: 57000000.gpu (Nano), 17000000.gv11b (Xavier), 17000000.ga10b (Orin). */
function gpuDevfreq(root: string): string | undefined {
  const folder = path.join(root, 'sys/class/devfreq');
  const name = list(folder).find((entry) => /gpu|gv11b|ga10b|gp10b/.test(entry));
  return name ? path.join(folder, name) : undefined;
}

function throttlingZones(root: string): string[] {
  const folder = path.join(root, 'sys/class/thermal');
  return list(folder)
    .filter((name) => name.startsWith('thermal_zone'))
    .flatMap((name) => {
      const zone = path.join(folder, name);
      const temperature = readNumber(path.join(zone, 'temp'));
      if (temperature === undefined) return [];
      const passive = list(zone)
        .filter((file) => /^trip_point_\d+_type$/.test(file))
        .filter((file) => readText(path.join(zone, file)) === 'passive')
        .map((file) => readNumber(path.join(zone, file.replace('_type', '_temp'))))
        .filter((value): value is number => value !== undefined);
      const type = readText(path.join(zone, 'type')) ?? name;
      return passive.some((trip) => temperature >= trip) ? [type] : [];
    });
}

function readJetson(root: string): JetsonState | undefined {
  const release = readText(path.join(root, 'etc/nv_tegra_release'));
  const model = readText(path.join(root, 'proc/device-tree/model'));
  if (release === undefined && !/jetson|nvidia/i.test(model ?? '')) return undefined;
  const cpus = list(path.join(root, 'sys/devices/system/cpu'))
    .filter((name) => /^cpu\d+$/.test(name))
    .map((name) => path.join(root, 'sys/devices/system/cpu', name, 'cpufreq'))
    .filter((folder) => existsSync(folder));
  const cpuLocked = cpus.every(
    (folder) =>
      readNumber(path.join(folder, 'scaling_min_freq')) ===
      readNumber(path.join(folder, 'scaling_max_freq')),
  );
  const gpu = gpuDevfreq(root);
  const gpuMin = gpu ? readNumber(path.join(gpu, 'min_freq')) : undefined;
  const gpuMax = gpu ? readNumber(path.join(gpu, 'max_freq')) : undefined;
  const gpuCurrent = gpu ? readNumber(path.join(gpu, 'cur_freq')) : undefined;
  const emc =
    readNumber(path.join(root, 'sys/kernel/debug/clk/emc/clk_rate')) ??
    readNumber(path.join(root, 'sys/kernel/debug/bpmp/debug/clk/emc/rate'));
  const mhz = (hz: number | undefined) => (hz === undefined ? undefined : hz / 1e6);
  return {
    l4tRelease: release === undefined ? undefined : parseL4tRelease(release),
    module: model,
    powerMode: parsePowerMode(
      readText(path.join(root, 'var/lib/nvpmodel/status')),
      readText(path.join(root, 'etc/nvpmodel.conf')),
    ),
    clocksLocked: cpus.length > 0 && cpuLocked && gpuMin !== undefined && gpuMin === gpuMax,
    // cpufreq reports kHz, devfreq and the clock tree Hz.
    cpuFrequenciesMhz: cpus
      .map((folder) => readNumber(path.join(folder, 'scaling_cur_freq')))
      .filter((value): value is number => value !== undefined)
      .map((khz) => khz / 1000),
    gpuFrequencyMhz: mhz(gpuCurrent),
    gpuMaxFrequencyMhz: mhz(gpuMax),
    emcFrequencyMhz: mhz(emc),
    throttlingZones: throttlingZones(root),
  };
}

/**
 * The board state recorded with every benchmark: the CPU model and count on
 * any machine, and on a Jetson its L4T release, module, nvpmodel mode, clock
 * frequencies, whether jetson_clocks has locked them and which thermal zones
 * are past a passive trip point. Reads files only (no sudo, no commands);
 * `root` points at a fake tree in tests. Never throws: what cannot be read is
 * left out.
 */
export function readBoardState(root = '/'): BoardState {
  return {
    cpuModel: cpuModelOf(root),
    cpuCount: os.cpus().length,
    jetson: readJetson(root),
  };
}
