#!/usr/bin/env -S node --max-semi-space-size=2
// The CLI is bundled into dist/cli by `npm run build:node` (run automatically by `npm ci` via `prepare`): a few
// ES modules instead of hundreds, which makes it start sooner (scripts/build-cli.mjs).
// The flag: uploads churn through short-lived buffers, and a small young generation keeps the resident size low
// and flat (about 30 MB less at peak) at no cost in throughput. npm's shims (also on Windows) pass it on.
// Node ≥ 22.1 keeps V8's compiled code of the bundle on disk, so later starts skip most compiling (older Node:
// no such function, nothing happens). Set before the bundle is imported, so its modules are cached too.
import module from 'node:module';
module.enableCompileCache?.();
await import('../dist/cli/main.js');
