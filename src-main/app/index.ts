export { appErrorInfo, createAppService, describeAppError } from './app-service.js';
export { createFileSettingsPort } from './file-settings-port.js';
export type * from './types.js';
