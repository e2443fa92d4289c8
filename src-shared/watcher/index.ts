export * from './watch-folders.js';
