/**
 * What the first bytes of a serialized TensorRT engine say about the
 * TensorRT that built it. TensorRT documents no plan format; NVIDIA's answer
 * in NVIDIA/TensorRT issue 3073 (comment 1599934548) gives the version bytes,
 * and the same thread the serialization versions of older plans:
 *   - TensorRT 8.6 and later (10.x, 11.x): the plan starts with the magic tag
 *     "ftrt"; bytes 24, 25 and 26 hold the major, minor and patch version.
 *   - TensorRT 8.0 to 8.5: byte 8 holds a serialization version, one per
 *     minor release (205: 8.2.1, 213: 8.4.3, 232: 8.5.3 - the ones known).
 *   - The GPU a plan was built for is in no documented field; TensorRT itself
 *     warns when it differs ("Using an engine plan file across different
 *     models of devices is not recommended"), and trtmap passes that on.
 * Used only to explain a plan TensorRT refused; never to refuse one. Pure.
 */

export interface PlanHeader {
  /** "8.6.1", "10.3.0": from a modern plan's version bytes. */
  version?: string;
  /** Older 8.x plans: the serialization version and the release it belongs to, when known. */
  serializationVersion?: number;
  release?: string;
}

const serializationReleases: Record<number, string> = { 205: '8.2', 213: '8.4', 232: '8.5' };

const isLetter = (byte: number) => (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x41 && byte <= 0x5a);

/** What the plan header says, or null when it says nothing trtmap can read. */
export function readPlanHeader(plan: Uint8Array): PlanHeader | null {
  if (plan.length < 32 || ![0, 1, 2, 3].every((index) => isLetter(plan[index]!))) return null;
  const magic = String.fromCharCode(plan[0]!, plan[1]!, plan[2]!, plan[3]!);
  if (magic === 'ftrt') {
    const [major, minor, patch] = [plan[24]!, plan[25]!, plan[26]!];
    if (major < 8 || major > 99) return null;
    return { version: `${major}.${minor}.${patch}` };
  }
  const release = serializationReleases[plan[8]!];
  return release === undefined ? null : { serializationVersion: plan[8]!, release };
}

const versionParts = (version: string) => version.split('.').map((part) => Number(part) || 0);

/** -1, 0 or 1 as `a` is older than, the same release as, or newer than `b` (major.minor.patch). */
function compareVersions(a: string, b: string): number {
  const [x, y] = [versionParts(a), versionParts(b)];
  for (let index = 0; index < 3; index++) {
    const difference = (x[index] ?? 0) - (y[index] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  return 0;
}

/**
 * Whether a plan built version-compatible by TensorRT `built` can load on
 * TensorRT `loaded` (TensorRT 10.16 and 11.1 "Version Compatibility" and the
 * 11.x support matrix): both 8.6 or later, the runtime the same version or
 * newer, within one major version or across 8 -> 9/10 and 10 -> 11 only.
 */
export function versionCompatibleLoads(built: string, loaded: string): boolean {
  if (compareVersions(built, '8.6.0') < 0 || compareVersions(loaded, '8.6.0') < 0) return false;
  if (compareVersions(built, loaded) > 0) return false;
  const [from, to] = [versionParts(built)[0], versionParts(loaded)[0]];
  return from === to || (from === 8 && (to === 9 || to === 10)) || (from === 10 && to === 11);
}

/**
 * A sentence for an ERR_TRT_ENGINE message: who built the plan, when the
 * header says, against the TensorRT loaded; '' when it says nothing or
 * names the loaded version. It suggests trtmap's `--version-compatible`
 * only where such a plan could load (see versionCompatibleLoads); a plan
 * from a newer TensorRT than the one loaded never does.
 */
export function describePlanOrigin(plan: Uint8Array, loadedVersion: string): string {
  const header = readPlanHeader(plan);
  if (header === null) return '';
  const builtBy =
    header.version !== undefined
      ? `TensorRT ${header.version}`
      : `TensorRT ${header.release}.x (serialization version ${header.serializationVersion})`;
  const sameRelease =
    header.version !== undefined
      ? header.version === loadedVersion
      : loadedVersion.startsWith(`${header.release}.`);
  if (sameRelease) return '';
  const builtVersion = header.version ?? `${header.release}.0`;
  const newer = compareVersions(builtVersion, loadedVersion) > 0;
  const rebuild = `so rebuild it on this machine (trtmap build model.onnx)`;
  const why = newer
    ? `a plan from a newer TensorRT never loads on an older one (version-compatible or not), ${rebuild}`
    : `an engine runs only on the TensorRT version (and GPU model) it was built with, ${rebuild}`;
  const compatible =
    header.version !== undefined && versionCompatibleLoads(header.version, loadedVersion)
      ? `, or, if it was built version-compatible (trtmap build --version-compatible; trtexec --versionCompatible), load it with --version-compatible (trusted plans only)`
      : '';
  return `its plan header says it was built by ${builtBy}, and TensorRT ${loadedVersion} is loaded here: ${why}${compatible}`;
}
