/** The user the embedded sandbox uploads as when none is set: its example data belongs to this user. */
export const SANDBOX_DEFAULT_USER = 19;
