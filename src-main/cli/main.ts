import { main } from './program.js';

// `pathomiq-uploader queue | head` closes the pipe early: the reader has what it wanted, so stop quietly
// (as other command-line tools do) rather than crash with an unhandled EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

await main(process.argv);
