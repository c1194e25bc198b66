import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type PowerReading, type PowerSummary, summarizePower } from './power.js';
import { inputRailNames, inputRailOf, parseTegrastatsLine } from './tegrastats.js';

/** What `--power` measures during one benchmark window. */
export interface PowerWindow {
  /** Call when the measured runs start and when they end. */
  start(): void;
  /** Ends sampling; safe to call again, or without start() (a benchmark that threw). */
  stop(): void;
  /**
   * The summary for the images measured in `seconds`, or why there is none. `seconds` is the
   * benchmark's own measured time (its images/s is the one the figures divide); without it, the
   * window's length, which also counts starting tegrastats.
   */
  summary(images: number, seconds?: number): { power?: PowerSummary; unavailable?: string };
}

/** Where power readings come from; `root` lets tests use a fake tree. */
export interface PowerSources {
  root?: string;
  /** The tegrastats command (default 'tegrastats' when found on PATH or in /usr/bin). */
  tegrastats?: string;
  intervalMs?: number;
  clock?: () => number;
}

/**
 * The input rail of an INA3221 on JetPack 4 (Nano, TX1/TX2): the driver
 * `ina3221x` exposes `rail_name_<n>` and `in_power<n>_input` (mW) under its
 * iio device (L4T 32 Development Guide, "Software-Based Power Consumption
 * Modeling"). Returns the rail and a function reading it, or undefined.
 */
export function ina3221InputRail(
  root = '/',
): { rail: string; read(): number | undefined } | undefined {
  const drivers = path.join(root, 'sys/bus/i2c/drivers/ina3221x');
  if (!existsSync(drivers)) return undefined;
  for (const device of readdirSync(drivers)) {
    const base = path.join(drivers, device);
    let iio: string[];
    try {
      iio = readdirSync(base).filter((name) => name.startsWith('iio:device'));
    } catch {
      continue;
    }
    for (const folder of iio) {
      for (let channel = 0; channel < 3; channel++) {
        const nameFile = path.join(base, folder, `rail_name_${channel}`);
        if (!existsSync(nameFile)) continue;
        const rail = readFileSync(nameFile, 'utf8').trim();
        if (!(inputRailNames as readonly string[]).includes(rail)) continue;
        const powerFile = path.join(base, folder, `in_power${channel}_input`);
        return {
          rail,
          read: () => {
            const value = Number(readFileSync(powerFile, 'utf8').trim());
            return Number.isFinite(value) ? value : undefined;
          },
        };
      }
    }
  }
  return undefined;
}

function findTegrastats(root: string): string | undefined {
  for (const folder of (process.env.PATH ?? '').split(':').concat('/usr/bin')) {
    const candidate = path.join(root, folder, 'tegrastats');
    if (folder !== '' && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * A power window over the board's input rail: `tegrastats --interval` lines
 * while it runs, else the INA3221 sysfs rail polled at the same interval.
 * On a machine with neither, summary() says so (the run goes on).
 */
export function powerWindow(sources: PowerSources = {}): PowerWindow {
  const root = sources.root ?? '/';
  const interval = sources.intervalMs ?? 100;
  const clock = sources.clock ?? (() => performance.now());
  const tegrastats = sources.tegrastats ?? findTegrastats(root);
  const sysfs = tegrastats ? undefined : ina3221InputRail(root);
  const readings: PowerReading[] = [];
  let rail: string | undefined;
  let missingRail = false;
  let child: ChildProcess | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
  let started = 0;
  let stopped = false;
  let seconds = 0;
  let failure: string | undefined;
  // tegrastats that ends by itself (not on our kill) and what it said on stderr: the reason
  // when no reading came (e.g. "permission denied", exit 1).
  let exited: string | undefined;
  let stderr = '';

  const fromLine = (line: string) => {
    const sample = parseTegrastatsLine(line);
    if (!sample) return;
    const name = inputRailOf(sample);
    if (name === undefined) missingRail = true;
    else {
      rail = name;
      readings.push({ timeMs: clock(), milliwatts: sample.rails[name].currentMw });
    }
  };

  return {
    start() {
      started = clock();
      if (tegrastats) {
        let pending = '';
        child = spawn(tegrastats, ['--interval', String(interval)], {
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        child.on('error', (error) => (failure = `${tegrastats}: ${error.message}`));
        child.on('exit', (code, signal) => {
          if (!stopped) exited = code !== null ? `exit code ${code}` : `signal ${signal}`;
        });
        child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
          if (stderr.length < 2000) stderr += chunk;
        });
        child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
          const lines = (pending + chunk).split('\n');
          pending = lines.pop() ?? '';
          lines.forEach(fromLine);
        });
      } else if (sysfs) {
        rail = sysfs.rail;
        const poll = () => {
          const milliwatts = sysfs.read();
          if (milliwatts !== undefined) readings.push({ timeMs: clock(), milliwatts });
        };
        poll();
        timer = setInterval(poll, interval);
      }
    },
    stop() {
      if (stopped) return;
      stopped = true;
      seconds = (clock() - started) / 1000;
      child?.kill();
      if (timer) clearInterval(timer);
    },
    summary(images, measuredSeconds) {
      if (!tegrastats && !sysfs)
        return {
          unavailable: 'no tegrastats and no INA3221 power rails on this machine (not a Jetson)',
        };
      if (failure) return { unavailable: failure };
      if (exited && readings.length === 0) {
        const said = stderr.trim().split('\n').slice(-3).join(' / ');
        return {
          unavailable: `${tegrastats} ended (${exited}) before any reading${said ? `: ${said}` : ''}`,
        };
      }
      if (missingRail && rail === undefined)
        return {
          unavailable: `tegrastats reports no input rail (${inputRailNames.join(' or ')}) on this board`,
        };
      const power = summarizePower(readings, {
        rail: rail ?? '?',
        source: tegrastats ? 'tegrastats' : 'ina3221',
        images,
        seconds: measuredSeconds ?? seconds,
      });
      return power
        ? { power }
        : { unavailable: 'no power reading arrived during the measured window (too short?)' };
    },
  };
}
