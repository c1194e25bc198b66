import { onnx, type ModelProto } from '../onnx/proto.js';

/** metadata_props key under which trtmap records what it did to a model. */
export const quantizationMetadataKey = 'trtmap.quantization';

/** Records (replacing any earlier record) how the model was converted, as JSON in metadata_props. */
export function setQuantizationMetadata(model: ModelProto, record: Record<string, unknown>): void {
  model.metadataProps = [
    ...(model.metadataProps ?? []).filter((entry) => entry.key !== quantizationMetadataKey),
    onnx.StringStringEntryProto.create({
      key: quantizationMetadataKey,
      value: JSON.stringify(record),
    }),
  ];
  model.producerName = model.producerName ? `${model.producerName} + trtmap` : 'trtmap';
}
