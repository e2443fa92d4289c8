import { ApiError } from '../api/api-error.js';
import { networkReasonOf } from '../api/network-reasons.js';
import { describeAppError, scrubSecrets } from './describe-error.js';

const CHECK_ADDRESS = 'Check the address and that the server is running.';

const networkReason = (message: string): string =>
  networkReasonOf(message) ?? 'the server could not be reached';

const withServerMessage = (text: string, serverMessage: string | undefined): string =>
  serverMessage ? `${text}: ${serverMessage.replace(/[.\s]+$/, '')}.` : `${text}.`;

/**
 * Why a connection test failed, said once and without the request behind it: a test is never retried, so the
 * queue's "it will be tried again" advice does not belong here.
 */
export function describeConnectionFailure(error: unknown, where: string): string {
  if (!(error instanceof ApiError)) return `Could not connect to ${where}: ${describeAppError(error)}`;
  const serverMessage = error.serverMessage ? scrubSecrets(error.serverMessage) : undefined;
  switch (error.kind) {
    case 'network':
      return `Could not connect to ${where}: ${networkReason(error.message)}. ${CHECK_ADDRESS}`;
    case 'timeout':
      return `Could not connect to ${where}: the server did not answer within 10 seconds. ${CHECK_ADDRESS} If it is, the server or the network may be overloaded.`;
    case 'unauthorized':
      return `${withServerMessage(`The server at ${where} refused the token`, serverMessage)} Paste a current access token and test again.`;
    case 'forbidden':
      return `${withServerMessage(`The server at ${where} does not allow this user to list images`, serverMessage)} Check the user id and the token.`;
    case 'not-found':
      return `No PathomIQ API at ${where} (the server answered "not found"). Check the address, including any path such as /api.`;
    case 'bad-response':
      return `${where} answered, but not like a PathomIQ API. Check the address; if it is right, report this to your PathomIQ administrator.`;
    case 'server':
    case 'rate-limited':
      return `${withServerMessage(`The server at ${where} has a problem (HTTP ${error.status ?? '?'})`, serverMessage)} Try again in a moment.`;
    default:
      return withServerMessage(
        `Could not connect to ${where}: the server answered HTTP ${error.status ?? '?'}`,
        serverMessage,
      );
  }
}
