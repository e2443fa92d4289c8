/**
 * The environment every measured process gets: without AWS_* (this machine sets AWS_CA_BUNDLE, which breaks
 * rclone even over http), RCLONE_* (a user's rclone settings would change what is measured) and PATHOMIQ_*
 * (a user's server, token or failpoint). Both sides of a comparison get the same environment.
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const kept = Object.entries(process.env).filter(([name]) => !/^(AWS_|RCLONE_|PATHOMIQ_)/.test(name));
  return { ...Object.fromEntries(kept), ...extra };
}
