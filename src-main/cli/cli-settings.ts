import Conf from 'conf';

/**
 * What the CLI remembers in its state dir so `run` after a crash talks to the same server as the `upload`
 * that queued the jobs. Never the token: that comes from --token or PATHOMIQ_TOKEN each time.
 */
export interface CliSettings {
  server?: string;
  user?: number;
}

export function openCliSettings(stateDir: string): Conf<CliSettings> {
  return new Conf<CliSettings>({
    cwd: stateDir,
    configName: 'cli-settings',
    projectName: 'pathomiq-uploader',
    schema: {
      server: { type: 'string' },
      user: { type: 'integer', minimum: 0 },
    },
  });
}
