/** Wrong or missing arguments (exit 2). Its own module: commands check arguments before anything heavy loads. */
export class UsageError extends Error {}
