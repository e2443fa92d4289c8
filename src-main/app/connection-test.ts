import type { CommandResult, ParsedCommandArgs } from '../../src-shared/app/index.js';
import { createApiClient, type ApiClient } from '../api/index.js';
import type { AppCore } from './app-core.js';
import { describeConnectionFailure } from './connection-failure.js';
import { SANDBOX_LABEL } from './server-choice.js';

type ConnectionTest = CommandResult<'settings.testConnection'>;

/**
 * Tries a server without saving anything: the user's image list (or every user's, when no user is given) and
 * whether the multipart extension is offered. Omitted fields use the current settings and token.
 */
export async function testConnection(
  core: AppCore,
  args: ParsedCommandArgs<'settings.testConnection'>,
): Promise<ConnectionTest> {
  const settings = core.settings();
  const useSandbox = args.useSandbox ?? (core.options.serverOverride ? false : settings.useSandbox);
  const userId = args.userId !== undefined ? args.userId : settings.userId;
  if (useSandbox) return testSandbox(core, userId);
  const url = (args.serverUrl ?? core.options.serverOverride ?? settings.serverUrl).trim();
  if (!/^https?:\/\/[^/\s]+/i.test(url)) {
    return {
      ok: false,
      multipart: null,
      message:
        url === ''
          ? 'No server address given: enter the PathomIQ server address, e.g. https://pathomiq.example.org/api.'
          : `"${url}" is not a server address: it must start with http:// or https://.`,
    };
  }
  const token =
    args.token !== undefined && args.token.trim() !== '' ? args.token.trim() : core.currentToken();
  // No retries and a short timeout: the person is waiting for an answer, not for a queue to get through.
  const api = createApiClient({ baseUrl: url, token: () => token, retries: 0, timeoutMs: 10_000 });
  return probe(api, url, userId);
}

async function testSandbox(core: AppCore, userId: number | null): Promise<ConnectionTest> {
  const url = await core.sandboxUrl();
  if (!url) {
    const problem = (await core.status()).problem;
    return problem && /sandbox/i.test(problem)
      ? { ok: false, multipart: null, message: problem }
      : {
          ok: true,
          multipart: null,
          message: `The ${SANDBOX_LABEL.toLowerCase()} runs inside the app; it starts when this setting is saved.`,
        };
  }
  const api = createApiClient({ baseUrl: url, retries: 0, timeoutMs: 10_000 });
  return probe(api, `the ${SANDBOX_LABEL.toLowerCase()}`, userId ?? 19);
}

async function probe(api: ApiClient, where: string, userId: number | null): Promise<ConnectionTest> {
  let found: string;
  try {
    if (userId !== null) {
      const images = await api.listImagesOfUser(userId);
      found = `${images.length} image${images.length === 1 ? '' : 's'} for user ${userId}`;
    } else {
      const users = await api.listUsersWithImages();
      found = `${users.length} user${users.length === 1 ? '' : 's'} with images`;
    }
  } catch (error) {
    return {
      ok: false,
      multipart: null,
      message: describeConnectionFailure(error, where),
    };
  }
  let multipart: boolean | null;
  try {
    multipart = (await api.getMultipartCapabilities()) !== null;
  } catch {
    multipart = null;
  }
  const resumable =
    multipart === true
      ? 'resumable multipart uploads offered'
      : multipart === false
        ? 'no multipart extension: large files go in one piece'
        : 'multipart extension could not be checked';
  return { ok: true, multipart, message: `Connected to ${where}: ${found}; ${resumable}.` };
}
