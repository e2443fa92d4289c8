export * from './settings.js';
export * from './results.js';
export * from './commands.js';
export * from './events.js';
export * from './dispatch.js';
export * from './wire.js';
export * from './client.js';
export * from './update-status.js';
