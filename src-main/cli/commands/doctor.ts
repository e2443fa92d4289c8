import type { Command } from 'commander';
import type { GlobalOptions } from '../cli-context.js';
import type { RunWithContext } from '../parse-options.js';

/** Only the command's words and options: the queue doctor (and SQLite) is imported when it runs. */
export function registerDoctorCommand(program: Command, run: RunWithContext): void {
  program
    .command('doctor')
    .description(
      "Check the upload queue's database and its backup (kept at every start and stop); --restore puts the backup back when the queue is damaged; --rebuild remembers the files in the given folders that the server already holds, when no backup is left.",
    )
    .argument('[folders...]', 'with --rebuild: the folders that hold the slides uploaded before')
    .option('--restore', 'replace the queue with its last healthy backup (the old file is kept, renamed)')
    .option('--rebuild', 'start a new queue that remembers which of these files the server already holds')
    .action(
      async (folders: string[], options: { restore?: boolean; rebuild?: boolean }, command: Command) => {
        const global = { ...command.optsWithGlobals<GlobalOptions>(), ...options };
        const { doctor, rebuild } = await import('./doctor-action.js');
        if (options.rebuild) return rebuild(run, command, global, folders);
        process.exitCode = doctor(global);
      },
    );
}
