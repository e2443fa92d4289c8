/**
 * Socket-level failures in a technician's words; the code stays in brackets for whoever helps them. One table
 * for every message about an unreachable server (queue errors, connection tests).
 */
export const NETWORK_REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'nothing is listening there (connection refused)',
  ECONNRESET: 'the connection was dropped (ECONNRESET)',
  EPIPE: 'the connection was dropped (EPIPE)',
  ENOTFOUND: 'that server name is not known (ENOTFOUND)',
  EAI_AGAIN: 'the server name could not be looked up (EAI_AGAIN)',
  EHOSTUNREACH: 'that computer cannot be reached (EHOSTUNREACH)',
  ENETUNREACH: 'the network cannot be reached (ENETUNREACH)',
};

/** The words for a network error code or a message naming one; undefined when none is known. */
export function networkReasonOf(codeOrMessage: string): string | undefined {
  // A message may carry the code, or these very words (an error already described once).
  const known = Object.entries(NETWORK_REASONS).find(
    ([code, words]) => codeOrMessage.includes(code) || codeOrMessage.includes(words),
  );
  return known?.[1];
}
