export { HostBuffer, type HostBufferOptions } from './host_buffer.js';
export { DeviceBuffer } from './device_buffer.js';
export { Stream, CudaEvent, type CopyOptions } from './stream.js';
export {
  queryCuda,
  deviceMemoryInfo,
  formatCudaVersion,
  pinnedPoolStats,
  type CudaInfo,
} from './info.js';
