import type { AxiosRequestConfig, AxiosResponse } from 'axios';
import type { Readable } from 'node:stream';
import { ApiError } from './api-error.js';
import type { ApiHttp } from './http.js';

/** As browsers and curl's default: enough for an API → CDN → S3 hop chain, not for a loop. */
export const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * GETs `url` (absolute, or relative to the API), following up to {@link MAX_REDIRECTS} redirects itself, because a
 * download is commonly answered with a 302 to a presigned S3 URL. The bearer token goes only to the API's own
 * origin: it is dropped for good at the first hop elsewhere (S3 refuses a request that carries both a token and a
 * query signature, and no other host may ever see it). Each response is discarded before the next request.
 */
export async function getFollowingRedirects<T>(
  http: ApiHttp,
  url: string,
  config: AxiosRequestConfig & { headers?: Record<string, string> },
): Promise<AxiosResponse<T>> {
  const apiOrigin = new URL(http.baseUrl).origin;
  let current = resolveApiUrl(http.baseUrl, url);
  let leftApi = current.origin !== apiOrigin;
  for (let hop = 0; ; hop += 1) {
    const response = await http.axios.request<T>({
      ...config,
      method: 'GET',
      url: current.href,
      baseURL: undefined,
      maxRedirects: 0,
      headers: { ...config.headers, ...(leftApi ? {} : http.authHeaders()) },
      validateStatus: (status) => (status >= 200 && status < 300) || REDIRECTS.has(status),
    });
    if (!REDIRECTS.has(response.status)) return response;
    discard(response.data);
    const location = response.headers['location'];
    if (typeof location !== 'string' || location === '') {
      throw redirectError(url, response.status, 'the redirect named no new location');
    }
    if (hop + 1 > MAX_REDIRECTS) {
      throw redirectError(url, response.status, `more than ${MAX_REDIRECTS} redirects`);
    }
    current = new URL(location, current);
    if (current.protocol !== 'http:' && current.protocol !== 'https:') {
      throw redirectError(url, response.status, `a redirect to a ${current.protocol} address`);
    }
    leftApi ||= current.origin !== apiOrigin;
  }
}

/**
 * An absolute URL as it is; anything else is a path under the API's base URL (which may itself have a path, as
 * `https://host/api`), the way every API call is addressed.
 */
export function resolveApiUrl(baseUrl: string, target: string): URL {
  if (/^https?:\/\//i.test(target)) return new URL(target);
  return new URL(`${baseUrl.replace(/\/+$/, '')}/${target.replace(/^\/+/, '')}`);
}

function discard(body: unknown): void {
  const stream = body as Partial<Readable> | null;
  if (stream && typeof stream.resume === 'function') stream.resume();
}

/** Endpoints are named by path only: a redirect target is usually a signed URL, a credential. */
function redirectError(url: string, status: number, reason: string): ApiError {
  const endpoint = `GET ${new URL(url, 'http://x').pathname}`;
  return new ApiError({
    endpoint,
    kind: 'bad-response',
    status,
    message: `${endpoint} failed — the server answered HTTP ${status} with ${reason}.`,
  });
}
