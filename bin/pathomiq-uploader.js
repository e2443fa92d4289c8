#!/usr/bin/env node
// The CLI is compiled to dist/node by `npm run build:node` (run automatically by `npm ci` via `prepare`).
import '../dist/node/src-main/cli/main.js';
