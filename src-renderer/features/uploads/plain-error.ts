/**
 * The request an error came from, as the API client words it: "POST /Images (storage) failed — ". Useful in a
 * log, noise for a technician reading a queue row.
 */
const REQUEST_PREFIX = /^(?:GET|POST|PUT|PATCH|DELETE|HEAD) \S+(?: \([^)]*\))? failed\s+[—–-]\s+/;

/** An engine error message with the request prefix dropped and the first letter capitalised. */
export function plainErrorText(message: string): string {
  const rest = message.trim().replace(REQUEST_PREFIX, '');
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}
