export * from './ancestors.js';
export * from './methods.js';
export * from './own-values.js';
