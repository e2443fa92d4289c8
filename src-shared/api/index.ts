export * from './wire-values.js';
export * from './shared-users.js';
export * from './image.js';
export * from './requests.js';
export * from './responses.js';
export * from './multipart.js';
