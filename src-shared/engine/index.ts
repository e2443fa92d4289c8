export * from './jobs.js';
export * from './events.js';
export * from './transfer-text.js';
export * from './deid-text.js';
