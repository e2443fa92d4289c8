export * from './jobs.js';
export * from './events.js';
