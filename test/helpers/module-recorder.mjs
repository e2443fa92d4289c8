// Preloaded with `node --import`: appends every module the process loads (ES modules as resolved URLs, CommonJS
// as file paths) to the file named by MODULE_RECORD_FILE, one per line. Used to check what a command loads.
import { appendFileSync } from 'node:fs';
import Module, { register } from 'node:module';

const out = process.env.MODULE_RECORD_FILE;
if (out) {
  const hooks = `
    import { appendFileSync } from 'node:fs';
    export async function resolve(specifier, context, next) {
      const resolved = await next(specifier, context);
      appendFileSync(${JSON.stringify(out)}, resolved.url + '\\n');
      return resolved;
    }`;
  register(`data:text/javascript,${encodeURIComponent(hooks)}`);
  const load = Module._load;
  Module._load = function (request, parent, isMain) {
    try {
      appendFileSync(out, `${Module._resolveFilename(request, parent, isMain)}\n`);
    } catch {
      // a built-in or a name that does not resolve: load() says what is wrong
    }
    return load.apply(this, arguments);
  };
}
