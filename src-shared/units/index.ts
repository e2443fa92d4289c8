export * from './bytes.js';
export * from './duration.js';
