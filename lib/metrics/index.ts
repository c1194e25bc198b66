export * from './coco/index.js';
