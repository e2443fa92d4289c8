/**
 * Dialects: switches that each change ONE sandbox behaviour on which the API document is silent, so tests and
 * support staff can reproduce what real servers do (a Flask + boto3 server, say). No dialect = today's answers.
 */
export const DIALECTS = [
  'put-image',
  'put-msg',
  'put-empty',
  'errors-200',
  'errors-html',
  'flask-dates',
  'numeric-ids',
  'shared-spaced',
  'download-302',
  'raw-on-s3',
  'no-loginfo',
  'sigv2',
  'no-multipart',
  'md5-parts',
] as const;

export type Dialect = (typeof DIALECTS)[number];

const DESCRIPTIONS: Record<Dialect, string> = {
  'put-image': 'PUT /Images/:id answers the bare image object',
  'put-msg': 'PUT /Images/:id answers {"success": true, "msg": "Updated"}',
  'put-empty': 'PUT /Images/:id answers 204 with an empty body',
  'errors-200':
    'API errors answer HTTP 200 {"success": false, "status": "<message>"} (401 and file downloads keep their status)',
  'errors-html':
    'API errors keep their status but send a Werkzeug (Flask) HTML page; DELETE of an unknown image is a 500',
  'flask-dates':
    'adddate/moddate (and log adddate) as Flask jsonify writes datetimes: "Wed, 17 Aug 2022 06:59:27 GMT"',
  'numeric-ids':
    'entity_id, patient_id, study_id, workarea_id as JSON numbers; shared as a number when it holds one user',
  'shared-spaced': 'shared as "19, 20" (comma and space)',
  'download-302': 'GET /S3/file/:uid redirects (302) to a presigned S3 GET on host localhost (a host change)',
  'raw-on-s3':
    'base_raw_download_url points at another host that serves the XML without the token and refuses an Authorization header',
  'no-loginfo': 'POST /LogInfo does not exist (404); GET /LogInfo still works',
  sigv2:
    'POST /Images returns a signature-V2 presigned POST (key, AWSAccessKeyId, policy, signature), as the API document shows',
  'no-multipart': 'no S3 multipart extension routes (same as --no-multipart)',
  'md5-parts':
    'the S3 multipart extension as before part checksums: no checksumAlgorithms, part URLs signed without one (Content-MD5 only)',
};

/** Dialects that answer the same question differently: at most one of each group may be chosen. */
const EXCLUSIVE_GROUPS: readonly (readonly Dialect[])[] = [
  ['put-image', 'put-msg', 'put-empty'],
  ['errors-200', 'errors-html'],
];

const isDialect = (name: string): name is Dialect => (DIALECTS as readonly string[]).includes(name);

/** One line per dialect, `name  description`, for --help and error messages. */
export function describeDialects(): string {
  const width = Math.max(...DIALECTS.map((name) => name.length));
  return DIALECTS.map((name) => `  ${name.padEnd(width)}  ${DESCRIPTIONS[name]}`).join('\n');
}

/**
 * Parses a comma-separated dialect list ("put-msg, errors-200"); blank or absent is none. Throws an Error that
 * lists the valid dialects for an unknown name, and one naming both for two mutually exclusive dialects.
 */
export function parseDialects(text: string | undefined): Dialect[] {
  const names = (text ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const unknown = names.filter((name) => !isDialect(name));
  if (unknown.length > 0) {
    const quoted = unknown.map((name) => `"${name}"`).join(', ');
    throw new Error(`Unknown dialect ${quoted}. Valid dialects:\n${describeDialects()}`);
  }
  const chosen = [...new Set(names as Dialect[])];
  for (const group of EXCLUSIVE_GROUPS) {
    const clash = group.filter((name) => chosen.includes(name));
    if (clash.length > 1) {
      throw new Error(
        `Dialects ${clash.join(' and ')} cannot be combined: they answer the same thing differently (choose one of ${group.join(', ')}).`,
      );
    }
  }
  return chosen;
}
