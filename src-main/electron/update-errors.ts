/** electron-updater's (and Node's) errors carry a code; the user gets a sentence, not a stack. */
export function describeUpdateError(error: unknown, url: string): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ERR_CHECKSUM_MISMATCH' || /checksum mismatch/i.test(message))
    return 'The downloaded update did not match the sha512 in latest.yml, so it was discarded.';
  if (code === 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND')
    return `No latest.yml at ${url} (${firstLine(message.replace(/^.*?: /, ''))}).`;
  if (code === 'ERR_UPDATER_INVALID_UPDATE_INFO') return `The latest.yml at ${url} could not be read.`;
  if (code === 'ERR_UPDATER_NO_FILES_PROVIDED' || code === 'ERR_UPDATER_NO_CHECKSUM')
    return `The latest.yml at ${url} does not list a verifiable installer for this system.`;
  const network = /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|ENETUNREACH)\b/.exec(
    `${code} ${message}`,
  );
  if (network !== null) return `The update server at ${url} could not be reached (${network[1]}).`;
  return firstLine(message);
}

function firstLine(text: string): string {
  return text.split('\n')[0]?.trim() ?? text;
}
