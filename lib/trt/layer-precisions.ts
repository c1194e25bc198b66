/**
 * How many layers of an engine really run in FP32, FP16, INT8, from the
 * engine inspector's JSON (IEngineInspector::getEngineInformation,
 * LayerInformationFormat::kJSON; needs ProfilingVerbosity::kDETAILED, which
 * `trtmap build` sets). A layer's precision is the data type of its first
 * output ("Format/Datatype", e.g. "Row major linear FP16 format", "Channel
 * major INT8 format where channel % 32 == 0"), as TREx (NVIDIA's TensorRT
 * Engine Explorer) reads it. So "asked for FP16, got FP32" cannot pass
 * unnoticed. Pure.
 */

export interface LayerPrecisions {
  fp32: number;
  fp16: number;
  int8: number;
  /** bf16, fp8, int32, bool, ... */
  other: number;
  total: number;
}

function precisionOf(format: string): keyof Omit<LayerPrecisions, 'total'> {
  if (/\bFP32\b|\bFloat\b/i.test(format)) return 'fp32';
  if (/\bFP16\b|\bHalf\b/i.test(format)) return 'fp16';
  if (/\bInt8\b/i.test(format)) return 'int8';
  return 'other';
}

function firstOutputFormat(layer: Record<string, unknown>): string | undefined {
  const outputs = layer.Outputs;
  if (!Array.isArray(outputs) || outputs.length === 0) return undefined;
  const format = (outputs[0] as Record<string, unknown> | null)?.['Format/Datatype'];
  return typeof format === 'string' ? format : undefined;
}

/**
 * The counts, or null when the report has no per-layer data types (an
 * engine built with the default verbosity lists layer names only).
 */
export function summarizeLayerPrecisions(information: unknown): LayerPrecisions | null {
  const layers = (information as { Layers?: unknown } | null)?.Layers;
  if (!Array.isArray(layers)) return null;
  const counts: LayerPrecisions = { fp32: 0, fp16: 0, int8: 0, other: 0, total: 0 };
  for (const layer of layers) {
    if (layer === null || typeof layer !== 'object') return null;
    const format = firstOutputFormat(layer as Record<string, unknown>);
    if (format === undefined) continue;
    counts[precisionOf(format)] += 1;
    counts.total += 1;
  }
  return counts.total === 0 ? null : counts;
}

/** "61 layers: FP16 58, FP32 3" */
export function formatLayerPrecisions(counts: LayerPrecisions): string {
  const parts = (['fp16', 'int8', 'fp32', 'other'] as const)
    .filter((key) => counts[key] > 0)
    .map((key) => `${key === 'other' ? 'other' : key.toUpperCase()} ${counts[key]}`);
  return `${counts.total} layers: ${parts.join(', ')}`;
}

/**
 * A warning when the engine does not have the precision asked for: FP16
 * (or 'best') without any FP16 layer, INT8 without any INT8 layer.
 */
export function precisionShortfall(
  asked: string,
  counts: LayerPrecisions | null,
): string | undefined {
  if (counts === null || asked === 'fp32') return undefined;
  const wanted = asked === 'int8' ? 'int8' : 'fp16';
  if (asked === 'best' && (counts.fp16 > 0 || counts.int8 > 0)) return undefined;
  if (counts[wanted] > 0) return undefined;
  return `asked for ${asked.toUpperCase()} but no layer of the engine runs in ${wanted.toUpperCase()} (${formatLayerPrecisions(counts)}): this GPU or TensorRT kept the other precisions because they were faster or the only ones available`;
}
