export * from './watch-folders.js';
export * from './watch-history.js';
