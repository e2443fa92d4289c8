import axios, { type AxiosInstance, type AxiosRequestConfig, type Method } from 'axios';
import axiosRetry, { exponentialDelay, isNetworkError } from 'axios-retry';
import type { z } from 'zod';
import { ApiError } from './api-error.js';
import { describe, toApiError } from './to-api-error.js';

export interface ApiClientConfig {
  /** e.g. http://127.0.0.1:4010 — the API's base URL. */
  baseUrl: string;
  /** Read on every call, so a new token takes effect without a new client. */
  token?: () => string | undefined;
  /** Per-call timeout for JSON calls (ms). Transfers have no total timeout. Default 30 s. */
  timeoutMs?: number;
  /** Retries of idempotent GETs on network errors, 5xx and 429. Default 3. */
  retries?: number;
}

export interface JsonCall<S extends z.ZodType> {
  method: Method;
  path: string;
  schema: S;
  data?: unknown;
  params?: Record<string, string>;
  signal?: AbortSignal | undefined;
}

/** The transport under the endpoint functions: auth, timeouts, GET retries, validation, typed errors. */
export interface ApiHttp {
  readonly baseUrl: string;
  readonly axios: AxiosInstance;
  json<S extends z.ZodType>(call: JsonCall<S>): Promise<z.output<S>>;
  authHeaders(): Record<string, string>;
}

export function createApiHttp(config: ApiClientConfig): ApiHttp {
  const baseUrl = config.baseUrl.replace(/\/+$/, '');
  const instance = axios.create({ baseURL: baseUrl, timeout: config.timeoutMs ?? 30_000, maxRedirects: 0 });
  axiosRetry(instance, {
    retries: config.retries ?? 3,
    // Only GETs are repeated: a repeated POST /Images would create a second image record.
    retryCondition: (error) =>
      error.config?.method?.toUpperCase() === 'GET' &&
      (isNetworkError(error) ||
        error.code === 'ECONNABORTED' ||
        (error.response?.status ?? 0) >= 500 ||
        error.response?.status === 429),
    retryDelay: (count, error) => exponentialDelay(count, error, 250),
    shouldResetTimeout: true,
  });

  const authHeaders = (): Record<string, string> => {
    const token = config.token?.();
    return token ? { Authorization: `Bearer ${token}` } : {};
  };

  return {
    baseUrl,
    axios: instance,
    authHeaders,
    async json({ method, path, schema, data, params, signal }) {
      const endpoint = `${method.toUpperCase()} ${path}`;
      const request: AxiosRequestConfig = {
        method,
        url: path,
        data,
        params,
        signal,
        headers: authHeaders(),
        responseType: 'json',
      };
      let body: unknown;
      try {
        body = (await instance.request(request)).data;
      } catch (error) {
        throw toApiError(error, endpoint);
      }
      const parsed = schema.safeParse(body);
      if (parsed.success) return parsed.data;
      const issue = parsed.error.issues[0];
      const where =
        issue && issue.path.length > 0
          ? ` (field ${issue.path.join('.')}: ${issue.message})`
          : issue
            ? ` (${issue.message})`
            : '';
      throw new ApiError({
        endpoint,
        kind: 'bad-response',
        message: describe('bad-response', endpoint, undefined, `unexpected answer${where}`),
      });
    },
  };
}
