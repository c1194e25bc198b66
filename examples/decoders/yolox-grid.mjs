// A user decoder for `trtmap eval --decoder ./yolox-grid.mjs` (README, "Evaluating
// your own model"): YOLOX's raw grid output as its export writes it
// (decode_in_inference off), one row per grid cell of strides 8, 16, 32, finest
// first: x, y, w, h (raw), objectness and class scores (already sigmoid). The same
// decoding as YOLOX's YOLOXHead.decode_outputs + yolox/utils/boxes.py postprocess:
// centre = (v + cell) * stride, size = exp(v) * stride, the best class, score =
// objectness x class. Boxes go back in model-input pixels; trtmap maps them to the
// image and runs the NMS the contract names.
const strides = [8, 16, 32];

export default function decode(outputs, { batchIndex, threshold, inputWidth, inputHeight }) {
  const { data, dims } = outputs.output;
  const [, cells, width] = dims;
  const boxes = [];
  const scores = [];
  const classes = [];
  let cell = 0;
  for (const stride of strides) {
    const columns = inputWidth / stride;
    const rows = inputHeight / stride;
    for (let row = 0; row < rows; row++) {
      for (let column = 0; column < columns; column++, cell++) {
        const at = (batchIndex * cells + cell) * width;
        let best = 0;
        for (let k = 1; k < width - 5; k++) if (data[at + 5 + k] > data[at + 5 + best]) best = k;
        const score = data[at + 4] * data[at + 5 + best];
        if (score < threshold) continue;
        const cx = (data[at] + column) * stride;
        const cy = (data[at + 1] + row) * stride;
        const w = Math.exp(data[at + 2]) * stride;
        const h = Math.exp(data[at + 3]) * stride;
        boxes.push(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2);
        scores.push(score);
        classes.push(best);
      }
    }
  }
  if (cell !== cells)
    throw new Error(`expected ${cell} grid cells for ${inputWidth}x${inputHeight}, got ${cells}`);
  return { boxes, scores, classes };
}
