export { appErrorInfo, createAppService, describeAppError, createFileSettingsPort } from './app-service.js';
export type * from './types.js';
