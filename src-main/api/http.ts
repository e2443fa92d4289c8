import axios, { type AxiosInstance, type AxiosRequestConfig, type Method } from 'axios';
import axiosRetry, { exponentialDelay, isNetworkError } from 'axios-retry';
import type { z } from 'zod';
import { ApiError } from './api-error.js';
import { looseBoolean } from '../../src-shared/api/index.js';
import { describe, serverMessageOf, toApiError } from './to-api-error.js';

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
  /**
   * What the app needs of a 2xx answer. Schemas require only the fields the app uses; a call whose answer the
   * API document does not give uses a schema that accepts anything (see {@link readAnswer}).
   */
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
      let response: { status: number; data: unknown };
      try {
        response = await instance.request(request);
      } catch (error) {
        throw toApiError(error, endpoint);
      }
      return readAnswer(endpoint, response.status, response.data, schema);
    },
  };
}

/** A body as JSON when it is JSON, whatever the Content-Type said (some servers send JSON as text/html). */
function decodeBody(data: unknown): unknown {
  if (typeof data !== 'string') return data;
  const trimmed = data.trim();
  if (trimmed === '') return undefined;
  if (!/^[[{"]|^(true|false|null|-?\d)/.test(trimmed)) return data;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return data;
  }
}

/**
 * The one rule for reading a 2xx answer, strict where the API document is explicit, liberal where it is silent:
 * - `success` false (also "False", 0, "0") is a refusal in the server's own words (`status`, `msg`, `message`),
 *   whatever HTTP status carried it;
 * - otherwise the schema decides, and schemas require only what the app uses (extra, missing optional and
 *   differently typed fields pass; see src-shared/api);
 * - an answer the schema cannot read is "an answer the app does not understand", naming the field.
 */
export function readAnswer<S extends z.ZodType>(
  endpoint: string,
  status: number,
  data: unknown,
  schema: S,
): z.output<S> {
  const body = decodeBody(data);
  if (isRefusal(body)) {
    const serverMessage = serverMessageOf(body);
    throw new ApiError({
      endpoint,
      kind: 'rejected',
      status,
      serverMessage,
      message: refusalMessage(endpoint, serverMessage),
    });
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
    status,
    message: describe('bad-response', endpoint, undefined, `unexpected answer${where}`),
  });
}

function isRefusal(body: unknown): boolean {
  if (!body || typeof body !== 'object' || !('success' in body)) return false;
  const success = looseBoolean.safeParse((body as { success: unknown }).success);
  return success.success && !success.data;
}

const refusalMessage = (endpoint: string, serverMessage: string | undefined): string =>
  serverMessage
    ? `${endpoint} was refused by the server: ${serverMessage.replace(/[.\s]+$/, '')}.`
    : `${endpoint} was refused by the server, which gave no reason.`;
