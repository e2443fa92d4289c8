/**
 * Bundles the command line (src-main/cli/main.ts) into a few ES modules in dist/cli, which
 * bin/pathomiq-uploader.js runs. Run by `npm run build:node`, after tsc has type-checked and emitted dist/node
 * (the desktop app, the engine process and the sandbox still run from there).
 *
 * Why: tsc's output is ~450 modules once zod, axios and sharp's JavaScript are counted, and Node's ES module
 * loader spends more time finding, reading and linking them than running them — it was most of the time before
 * `upload` sent its first byte. Bundled, a command loads a handful of files; `--splitting` keeps what `--help`
 * and `queue` need apart from the app they do not load (the dynamic imports stay dynamic).
 */
import { build } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist/cli');

/**
 * `import { z } from 'zod'` takes zod's `z` namespace as one value, so a bundler keeps all of zod (every locale
 * included: 750 KB); `import * as z from 'zod'` gives the code the same functions and lets esbuild keep only what
 * is used (170 KB). Rewritten here rather than in the sources so both spellings stay valid there.
 */
const zodNamespace = {
  name: 'zod-namespace-import',
  setup(builder) {
    builder.onLoad({ filter: /[\\/]src-(main|shared)[\\/].*\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const contents = source.replace(
        /^import \{ (?:(ZodError), )?z \} from 'zod';$/m,
        (_line, error) => `import * as z from 'zod';${error ? ` import { ${error} } from 'zod';` : ''}`,
      );
      return { contents, loader: 'ts' };
    });
  },
};

await rm(outdir, { recursive: true, force: true });
const { metafile } = await build({
  entryPoints: [path.join(root, 'src-main/cli/main.ts')],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // For `node --enable-source-maps`; the sources themselves are not copied into the maps (they are in the package).
  sourcemap: 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  // Native addons load from node_modules as they are; yazl stays there because fast-crc32.ts patches the module
  // instance that node_modules' yazl requires; electron is only ever found, never loaded, by the CLI.
  external: ['better-sqlite3', '@node-rs/crc32', 'yazl', 'electron', '*.node'],
  // Bundled CommonJS packages call require() for Node's built-ins, which an ES module does not have by itself.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  plugins: [zodNamespace],
  metafile: true,
});

// A new spelling of the zod import that the rewrite above misses brings every locale back: say so.
const bundled = Object.values(metafile.outputs).flatMap((output) =>
  Object.entries(output.inputs)
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([file]) => file),
);
const locales = bundled.filter((file) => /zod[\\/]v4[\\/]locales[\\/](?!en\.js)/.test(file));
if (locales.length > 0)
  console.warn(
    `build-cli: zod's locales are bundled (${locales.length} files): some module imports zod in a way zodNamespace does not rewrite.`,
  );
