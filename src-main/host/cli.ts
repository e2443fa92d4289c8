import { runBrowserHostCli } from './run-host-cli.js';

await runBrowserHostCli(process.argv.slice(2));
