export * from './rank.js';
export * from './scheme.js';
export * from './score.js';
