/**
 * The model contract: how a model wants its input and how its outputs
 * become boxes. Resolved from the model's metadata, its output signature, a
 * config file and flags (weakest first), checked against the model, printed
 * with where each value came from, and bound to a decoder. Pure TypeScript
 * (never loads the native addon).
 */
export * from './types.js';
export { type ModelDescription, describeOutputs, describeTensor } from './model.js';
export {
  type ContractRequest,
  type ResolvedContract,
  resolveContract,
  resolveInput,
} from './resolve.js';
export { type BoundModel, bindContract } from './bind.js';
export { formatContract } from './print.js';
export { type LintContext, ValidityLint } from './lint.js';
export {
  type ClassMapping,
  type DatasetCategories,
  mapClasses,
  resolveClasses,
} from './classes.js';
export { builtInClassList, builtInClassListNames, classKey } from './class-lists.js';
export { type Preset, defaultPresetOf, findPreset, presetNames } from './presets.js';
export { readModelConfig } from './config-file.js';
export { detectFamily, familyRoles } from './signature.js';
export { bindOutputs } from './roles.js';
export { type PluginNode, readGraphTensors, readNmsPluginNodes } from './onnx-graph.js';
export { type UltralyticsMetadata, readUltralyticsMetadata } from './metadata.js';
export { parsePythonLiteral } from './python-literal.js';
export {
  checkPartialContract,
  parseChoice,
  parseClasses,
  parseFraction,
  parseInteger,
  parseIntegerList,
  parseLimit,
  parseNumber,
  parseRoles,
  parseSize,
  parseTriple,
} from './values.js';
