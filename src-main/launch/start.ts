import { spawn, spawnSync } from 'node:child_process';
import { projectRoot } from '../host/project-root.js';
import { electronBinaryPath, fileExists } from './electron-binary.js';
import { planLaunch, type NpmStep } from './launch-plan.js';

/** `npm start [-- args]`: the Electron app where its binary is installed, otherwise the browser host. */
const root = projectRoot();
const binary = electronBinaryPath();
const plan = planLaunch({
  electronBinary: binary,
  binaryExists: fileExists(binary),
  projectRoot: root,
  args: process.argv.slice(2),
  platform: process.platform,
});

if (plan.kind === 'browser') process.stderr.write(`${plan.notice}\n`);
runBuild(plan.build);

if (plan.kind === 'electron') {
  const electron = spawn(plan.binary, plan.electronArgs, { cwd: root, stdio: 'inherit' });
  // Ctrl+C reaches Electron through the terminal too; a plain kill of this process must not orphan it.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => electron.kill(signal));
  electron.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  const { runBrowserHostCli } = await import('../host/run-host-cli.js');
  await runBrowserHostCli(plan.hostArgs);
}

/** Builds, with npm's output on stderr so stdout keeps only the UI_READY line; stops here if the build fails. */
function runBuild(step: NpmStep): void {
  const result = spawnSync(step.command, step.args, {
    cwd: root,
    stdio: ['ignore', 2, 2],
    shell: step.shell,
  });
  if (result.status !== 0) {
    process.stderr.write(`Build failed (${step.command} ${step.args.join(' ')}); not starting.\n`);
    process.exit(result.status ?? 1);
  }
}
