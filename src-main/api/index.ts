export { createApiClient, type ApiClient } from './client.js';
export { ApiError, isApiError, type ApiErrorKind } from './api-error.js';
export type { ApiClientConfig } from './http.js';
