/**
 * The exit codes of every command (README "Exit codes"). `upload` exits 0 only when every named file was
 * uploaded or was already uploaded (or, with another process running the queue, was queued for it).
 */
export const EXIT = {
  ok: 0,
  /** A file was refused (slide QC), could not be read or queued, failed, or did not finish; a command failed. */
  failed: 1,
  /** Wrong or missing arguments, nothing to upload, no such job, a missing --yes. */
  usage: 2,
  /** The server refused the token: sign in again (--token / PATHOMIQ_TOKEN); nothing is lost. */
  signInAgain: 3,
  /** Nothing queued: another process runs this queue and uploads to another server (see --to-running-queue). */
  otherServer: 4,
  /** Ctrl-C or SIGTERM; everything stays resumable. */
  interrupted: 130,
} as const;
