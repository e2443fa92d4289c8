import { STATUS_CODES } from 'node:http';

/** What Werkzeug says on a 500, e.g. when a Flask view dereferences None. */
export const WERKZEUG_500_DESCRIPTION =
  'The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is an error in the application.';

/** What Werkzeug says for a URL no Flask route matches. */
export const WERKZEUG_404_DESCRIPTION =
  'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.';

/** Where Werkzeug's status names differ from Node's. */
const WERKZEUG_NAMES: Record<number, string> = {
  413: 'Request Entity Too Large',
  416: 'Requested Range Not Satisfiable',
};

/** markupsafe's escape, which Werkzeug applies to error descriptions (note `"` → `&#34;`, not `&quot;`). */
const markupEscape = (text: string): string =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/'/g, '&#39;')
    .replace(/"/g, '&#34;');

/** Python's html.escape, which Werkzeug's redirect() applies to the target URL. */
const htmlEscape = (text: string): string =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#x27;');

/** Werkzeug's HTTPException page, byte for byte as Flask sends it (Content-Type: text/html; charset=utf-8). */
export function werkzeugErrorPage(status: number, description: string): string {
  const name = WERKZEUG_NAMES[status] ?? STATUS_CODES[status] ?? 'Unknown Error';
  return (
    `<!doctype html>\n<html lang=en>\n<title>${status} ${name}</title>\n` +
    `<h1>${name}</h1>\n<p>${markupEscape(description)}</p>\n`
  );
}

/** The body of Werkzeug's redirect() response. */
export function werkzeugRedirectPage(location: string): string {
  const shown = htmlEscape(location);
  return (
    '<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n<h1>Redirecting...</h1>\n' +
    `<p>You should be redirected automatically to the target URL: <a href="${shown}">${shown}</a>. If not, click the link.\n`
  );
}
