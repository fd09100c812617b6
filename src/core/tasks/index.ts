export * from './task-rules.js';
export * from './warnings.js';
