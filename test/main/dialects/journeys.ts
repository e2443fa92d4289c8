/**
 * The dialect matrix: every main CLI journey against one sandbox per dialect (and the default, none), each
 * asserting what a user sees — exit code, message, the stored bytes (SHA-256) and one image record per slide.
 *
 * A row is one `describe`: one sandbox at speed 1 (tiling ~3 s, a prediction ~7.5 s), one state dir, the journeys
 * in order, each using what the ones before it left. The CLI is the real one, compiled from the current sources as
 * `bin/` runs it (test/helpers/compiled-cli.ts: a start costs a tenth of a tsx start, and a row starts ~25).
 * The row's long wait — a prediction run to completion for the XML export — goes on in the background while the
 * start/stop, logs and import journeys run. Every CLI run is checked for raw HTML and promised retries.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateImageScopeXml } from '../../../src-shared/annotations/imagescope.js';
import { parseSharedUserIds, type ImageRecord } from '../../../src-shared/api/index.js';
import { createApiClient, type ApiClient } from '../../../src-main/api/index.js';
import type { Dialect } from '../../../src-main/sandbox/dialects.js';
import { compileCli, type CompiledCli } from '../../helpers/compiled-cli.js';
import { VALID_IMAGESCOPE } from '../../helpers/imagescope-samples.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { fixturePath, hasSharedFixtures } from '../../helpers/shared-fixtures.js';
import { writeSlide } from '../../helpers/slides.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { waitFor } from '../../helpers/wait.js';
import { jsonLines, jsonResult, type CliResult, type CliTarget } from '../cli/run-cli.js';
import { imageOf, waitForImage } from '../cli/uploaded-image.js';
import { startRequestGate } from './request-gate.js';

/** What differs between rows; everything not given is the default sandbox's behaviour. */
export interface DialectRow {
  /** The sandbox dialects of this row; none is the default row. */
  dialects: Dialect[];
  /** What the row is about, for the test titles (e.g. what PUT /Images/:id answers). */
  about: string;
  /** The slide over one part goes multipart (false when the server offers no multipart extension). */
  multipart?: boolean;
  /** The server keeps the uploader's "Upload …" LogInfo entries (false without POST /LogInfo). */
  uploadLog?: boolean;
  /** The one-line error of `delete <unknown uid> --yes`. */
  deleteUnknown?: (uid: string) => RegExp;
  /** The one-line error of `predict <uid> stop` with nothing running (always the server's own words). */
  stopRefused?: (uid: string) => RegExp;
}

export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const escape = escapeRegExp;

/** The default sandbox's refusals: the HTTP status, then the server's own words. */
const DEFAULTS: Required<Omit<DialectRow, 'dialects' | 'about'>> = {
  multipart: true,
  uploadLog: true,
  deleteUnknown: (uid) =>
    new RegExp(
      `^Error: The server no longer has it\\. The server said: “Image ${escape(uid)} does not exist\\.” Refresh the list`,
    ),
  stopRefused: (uid) =>
    new RegExp(`^Error: No prediction is running for image ${escape(uid)}, so there is nothing to stop\\.`),
};

/** What no CLI output may hold: markup from an HTML error page, or a retry that nothing will make. */
const RAW_HTML = /<html|<!doctype|<title|<p>/i;
const RETRY_PROMISE = /tried again|will retry/i;

/** A multipart slide: 64 tiles of 88 KiB, 5.5 MiB in all, over one 5 MiB part (`--part-size 5`). */
const MULTIPART_TILE_BYTES = 88 * 1024;
const PART_SIZE_MIB = '5';
const UNKNOWN_UID = 'no-such-image-0000';

interface Slide {
  name: string;
  file: string;
  sha256: string;
  size: number;
  /** Over one part: goes multipart when the server offers it. */
  big: boolean;
}

interface Row {
  compiled: CompiledCli;
  sandbox: TestSandbox;
  api: ApiClient;
  target: CliTarget;
  dir: string;
  cleanup: () => Promise<void>;
  slides: Slide[];
  /** image_unique_id by slide name, once uploaded. */
  uids: Map<string, string>;
  upload?: CliResult;
  /** `predict <post slide> start --wait`: runs in the background from the predict journey to the export. */
  completion?: Promise<CliResult>;
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** Everything a person reads from the run: stdout and stderr. */
const shown = (result: CliResult): string => `${result.stdout}${result.stderr}`;

/** What every run must never show: raw HTML, or a promise that something will be tried again. */
function expectCleanOutput(result: CliResult, args: readonly string[]): void {
  const text = shown(result);
  expect(text, `raw HTML in the output of: ${args.join(' ')}`).not.toMatch(RAW_HTML);
  // None of these journeys has a job waiting to retry, so nothing may promise one.
  expect(text, `a promised retry in the output of: ${args.join(' ')}`).not.toMatch(RETRY_PROMISE);
}

/** Runs the real CLI against the row's sandbox as user 19 with the row's state dir. */
async function cli(row: Row, args: readonly string[], timeoutMs = 30_000): Promise<CliResult> {
  const result = await row.compiled.run(row.target, args, timeoutMs);
  expectCleanOutput(result, args);
  return result;
}

/** Exactly one line on stderr, nothing on stdout: a refusal as a person sees it. */
function expectOneErrorLine(result: CliResult, message: RegExp): void {
  expect(result.code, shown(result)).toBe(1);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(message);
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
}

async function openRow(compiled: CompiledCli, dialects: Dialect[], slug: string): Promise<Row> {
  const temp = await makeTempDir(`pathomiq-dialect-${slug}-`);
  const sandbox = await startTestSandbox({ speed: 1, dialects });
  const target = { api: sandbox.api, stateDir: path.join(temp.dir, 'state') };
  const api = createApiClient({ baseUrl: sandbox.api });
  const slides: Slide[] = [];
  const generated = async (name: string, tileBytes?: number) => {
    const { file, bytes } = await writeSlide(temp.dir, name, tileBytes);
    slides.push({ name, file, sha256: sha256(bytes), size: bytes.length, big: tileBytes !== undefined });
  };
  await generated(`${slug}-multipart.svs`, MULTIPART_TILE_BYTES);
  await generated(`${slug}-post.svs`);
  if (hasSharedFixtures) {
    const file = fixturePath('slides', 'small.svs');
    const bytes = await readFile(file);
    slides.push({ name: 'small.svs', file, sha256: sha256(bytes), size: bytes.length, big: false });
  }
  return { compiled, sandbox, api, target, dir: temp.dir, cleanup: temp.cleanup, slides, uids: new Map() };
}

/** The slide over one part (multipart where offered): predicted and stopped, annotated, and deleted last. */
const bigSlide = (row: Row): Slide => row.slides.find((slide) => slide.big)!;
const bigUid = (row: Row): string => row.uids.get(bigSlide(row).name)!;
/** The uid of the generated small slide (always a POST): shared, and predicted to completion for the export. */
const postUid = (row: Row): string => row.uids.get(row.slides.find((slide) => !slide.big)!.name)!;

/** The user ids holding the image in GET /Users/imagelist. */
async function holders(api: ApiClient, uid: string): Promise<number[]> {
  const users = await api.listUsersWithImages();
  return users
    .filter((user) => user.images.some((image) => image.image_unique_id === uid))
    .map((user) => user.userid)
    .sort((a, b) => a - b);
}

/**
 * `predict <uid> stop` started up ahead of time (its call held at a gate), then `predict <uid> start`; when start
 * has returned, the gate lets the stop through. So the stop lands while the prediction runs however long a CLI
 * process takes to start on a loaded machine — in the order a person types them.
 */
async function startThenStop(row: Row, uid: string): Promise<{ started: CliResult; stopped: CliResult }> {
  const gate = await startRequestGate(row.sandbox.api);
  const stopArgs = ['predict', uid, 'stop'];
  // Its own state dir: the CLI remembers the server it was given, and this one is the gate.
  const stopping = row.compiled.start(
    { api: gate.url, stateDir: path.join(row.dir, 'state-stop') },
    stopArgs,
  );
  const killer = setTimeout(() => stopping.child.kill('SIGKILL'), 60_000);
  let stopExited = false;
  void stopping.exited.then(() => (stopExited = true)).catch(() => undefined);
  try {
    await waitFor(
      () => (gate.arrived() > 0 || stopExited ? true : undefined),
      '`predict stop` to send its call',
      30_000,
    );
    const started = await cli(row, ['predict', uid, 'start']);
    gate.open();
    const stopped = await stopping.exited;
    expect(stopped.signal, shown(stopped)).toBeNull();
    expectCleanOutput(stopped, stopArgs);
    return { started, stopped };
  } finally {
    gate.open();
    clearTimeout(killer);
    await gate.close();
  }
}

/**
 * Defines one `describe` per row. The file compiles the CLI once for its rows; each row has its own sandbox and
 * state dir, its journeys in order.
 */
export function defineDialectMatrix(rows: readonly DialectRow[]): void {
  let compiled: CompiledCli;

  beforeAll(async () => {
    compiled = await compileCli();
  }, 60_000);

  afterAll(async () => {
    await compiled?.dispose();
  });

  for (const spec of rows) {
    const expectations = { ...DEFAULTS, ...spec };
    const label = spec.dialects.length === 0 ? 'default' : spec.dialects.join(',');
    const slug = label.replace(/[^a-z0-9]+/gi, '-');
    const noLogInfo = expectations.uploadLog === false;
    const modeOf = (slide: Slide) => (slide.big && expectations.multipart ? 'multipart' : 'post');

    describe(`dialect ${label} (${spec.about})`, () => {
      let row: Row;

      beforeAll(async () => {
        row = await openRow(compiled, spec.dialects, slug);
      });

      afterAll(async () => {
        // The background prediction must not outlive its sandbox (it ends on its own --timeout otherwise).
        await row?.completion?.catch(() => undefined);
        await row?.sandbox.dispose();
        await row?.cleanup();
      });

      it('upload: every slide done (exit 0, summary), one "Uploaded" record per file name, multipart over one part', async () => {
        const names = row.slides.map((slide) => slide.name);
        const upload = await cli(
          row,
          ['upload', ...row.slides.map((slide) => slide.file), '--part-size', PART_SIZE_MIB],
          60_000,
        );
        row.upload = upload;
        expect(upload.code, shown(upload)).toBe(0);
        expect(upload.stdout).toBe(`${names.length} uploaded, 0 already uploaded, 0 refused, 0 failed.\n`);
        expect(upload.stderr).toContain(
          `Uploading ${names.length} slide(s) to ${row.sandbox.api} as user 19.`,
        );
        for (const name of names)
          expect(upload.stderr).toMatch(new RegExp(`^#\\d+ done .*  ${escape(name)}$`, 'm'));
        expect(upload.stderr).not.toMatch(/^Error|failed/im);

        // The server: exactly one record per slide (no duplicate from a retried POST /Images), each Uploaded.
        const images = await row.api.listImagesOfUser(19);
        expect(images.map((image) => image.filename).sort()).toEqual([...names].sort());
        for (const image of images) {
          expect(image.status, image.filename).toBe('Uploaded');
          row.uids.set(image.filename, image.image_unique_id);
        }

        // The queue: how each went (multipart over one part where offered), what it hashed, which record.
        const queue = await cli(row, ['--json', 'queue']);
        expect(queue.code, shown(queue)).toBe(0);
        const jobs = jsonResult<
          Array<{ fileName: string; state: string; mode: string; sha256: string; imageUniqueId: string }>
        >(queue.stdout);
        expect(jobs.map((job) => job.fileName).sort()).toEqual([...names].sort());
        for (const slide of row.slides) {
          expect(jobs.find((job) => job.fileName === slide.name)).toMatchObject({
            state: 'done',
            mode: modeOf(slide),
            sha256: slide.sha256,
            imageUniqueId: row.uids.get(slide.name),
          });
        }
      }, 90_000);

      if (noLogInfo) {
        it('no-loginfo: the upload output says once that the server keeps no upload log', () => {
          const notices = shown(row.upload!).match(/This server keeps no upload log/g) ?? [];
          expect(notices, shown(row.upload!)).toHaveLength(1);
        });
      }

      it('download: each slide comes back byte for byte (SHA-256 of the stored bytes = the source)', async () => {
        const folder = path.join(row.dir, 'downloads');
        await mkdir(folder);
        await Promise.all(
          row.slides.map(async (slide) => {
            const out = path.join(folder, slide.name);
            const result = await cli(row, ['download', row.uids.get(slide.name)!, '--out', out]);
            expect(result.code, shown(result)).toBe(0);
            expect(result.stdout).toMatch(
              new RegExp(`^Downloaded ${slide.size} bytes \\(.+\\) to ${escape(out)}\\n$`),
            );
            expect(sha256(await readFile(out)), slide.name).toBe(slide.sha256);
          }),
        );
      }, 60_000);

      it('images and images --all list every uploaded file; in --json the ids and shared parse', async () => {
        const [table, all, json] = await Promise.all([
          cli(row, ['images']),
          cli(row, ['images', '--all']),
          cli(row, ['--json', 'images', '--all']),
        ]);
        expect(table.code, shown(table)).toBe(0);
        expect(table.stdout).toMatch(/^id\s+image_unique_id\s+filename\s+status\s/);
        expect(all.code, shown(all)).toBe(0);
        expect(all.stdout).toMatch(/^user\s+id\s+image_unique_id\s+filename\s+status\s/);
        for (const slide of row.slides) {
          const uid = row.uids.get(slide.name)!;
          const own = table.stdout.split('\n').filter((line) => line.includes(uid));
          expect(own, table.stdout).toHaveLength(1);
          expect(own[0]).toMatch(
            new RegExp(`^\\d+\\s+${uid}\\s+${escape(slide.name)}\\s+Uploaded\\s.*\\s19\\s`),
          );
          const everyones = all.stdout.split('\n').filter((line) => line.includes(uid));
          expect(everyones, all.stdout).toHaveLength(1); // only user 19 holds it
          expect(everyones[0]).toMatch(
            new RegExp(`^19\\s+\\d+\\s+${uid}\\s+${escape(slide.name)}\\s+Uploaded\\s`),
          );
        }

        // The ids and the shared column, as the API holds them.
        expect(json.code, shown(json)).toBe(0);
        const listed = jsonResult<Array<ImageRecord & { userid: number }>>(json.stdout);
        const fromApi = await row.api.listImagesOfUser(19);
        expect(listed.map((image) => image.filename).sort()).toEqual(
          row.slides.map((slide) => slide.name).sort(),
        );
        for (const image of listed) {
          expect(image.userid).toBe(19);
          expect(Number.isInteger(image.id)).toBe(true);
          expect(image.id).toBe(fromApi.find((other) => other.image_unique_id === image.image_unique_id)?.id);
          expect(image.image_unique_id).toBe(row.uids.get(image.filename));
          expect(parseSharedUserIds(image.shared)).toEqual([19]);
        }
      }, 60_000);

      it('share --add 20, --remove 20 and --set 19,21 print the sharing the server then holds', async () => {
        const post = postUid(row);
        const big = bigUid(row);
        await Promise.all([
          (async () => {
            const added = await cli(row, ['share', post, '--add', '20']);
            expect(added.code, shown(added)).toBe(0);
            expect(added.stdout).toBe(`Image ${post} is shared with users 19, 20.\n`);
            expect(await holders(row.api, post)).toEqual([19, 20]);

            const removed = await cli(row, ['share', post, '--remove', '20']);
            expect(removed.code, shown(removed)).toBe(0);
            expect(removed.stdout).toBe(`Image ${post} is shared with user 19.\n`);
            expect(await holders(row.api, post)).toEqual([19]);
          })(),
          (async () => {
            const set = await cli(row, ['share', big, '--set', '19,21']);
            expect(set.code, shown(set)).toBe(0);
            expect(set.stdout).toBe(`Image ${big} is shared with users 19, 21.\n`);
            expect(await holders(row.api, big)).toEqual([19, 21]);
          })(),
        ]);
        expect(parseSharedUserIds((await imageOf(row.api, post))?.shared)).toEqual([19]);
        expect(parseSharedUserIds((await imageOf(row.api, big))?.shared)).toEqual([19, 21]);
      }, 60_000);

      it('predict start, then predict stop while it runs: exit 0 both, the image ends "Prediction Stopped"', async () => {
        const big = bigUid(row);
        const post = postUid(row);
        await Promise.all([
          waitForImage(row.api, big, 'tiling_status', 'Completed', 30_000),
          waitForImage(row.api, post, 'tiling_status', 'Completed', 30_000),
        ]);
        // The export journey needs a completed prediction: it runs meanwhile, on the other slide.
        row.completion = cli(row, ['predict', post, 'start', '--wait', '--timeout', '90'], 120_000);
        row.completion.catch(() => undefined); // awaited (and reported) by the export journey

        const { started, stopped } = await startThenStop(row, big);
        expect(started.code, shown(started)).toBe(0);
        expect(started.stdout).toBe(`Prediction started: image ${big} is now Prediction Running.\n`);
        expect(stopped.code, shown(stopped)).toBe(0);
        expect(stopped.stdout).toBe(`Prediction stopped: image ${big} is now Prediction Stopped.\n`);
        expect((await imageOf(row.api, big))?.status).toBe('Prediction Stopped');
      }, 90_000);

      it(
        noLogInfo
          ? "logs shows the pipeline's entries (and no upload entries: the server keeps none)"
          : "logs shows the pipeline's entries and the uploader's own, naming the upload mode and SHA-256",
        async () => {
          const big = bigSlide(row);
          const logs = await cli(row, ['logs', row.uids.get(big.name)!]);
          expect(logs.code, shown(logs)).toBe(0);
          const lines = logs.stdout.trimEnd().split('\n');
          const expectLine = (pattern: RegExp) =>
            expect(
              lines.some((line) => pattern.test(line)),
              `${pattern} in:\n${logs.stdout}`,
            ).toBe(true);
          expectLine(/\sTiling\s+Tiling is running$/);
          expectLine(/\sTiling\s+Tiling completed/);
          expectLine(/\sPrediction\s/);
          const uploads = lines.filter((line) => /\sUpload\s/.test(line));
          if (!expectations.uploadLog) {
            expect(uploads, logs.stdout).toEqual([]);
            return;
          }
          expectLine(
            new RegExp(
              `\\sUpload\\s+Upload finished: ${escape(big.name)}, 5\\.5 MiB \\(${modeOf(big)}\\) .* SHA-256 ${big.sha256}$`,
            ),
          );
          // Every slide's own entry (read through the API) says how it went.
          for (const slide of row.slides) {
            const messages = (await row.api.listLogs(row.uids.get(slide.name)!)).map(
              (entry) => entry.message,
            );
            expect(messages).toContainEqual(
              expect.stringMatching(
                new RegExp(
                  `^Upload finished: ${escape(slide.name)}, .* \\(${modeOf(slide)}\\) .* SHA-256 ${slide.sha256}$`,
                ),
              ),
            );
          }
        },
        30_000,
      );

      it('annotations import of ImageScope XML; the completed prediction exports as well-formed ImageScope XML', async () => {
        const big = bigUid(row);
        const post = postUid(row);
        const xml = path.join(row.dir, 'annotations.xml');
        await writeFile(xml, VALID_IMAGESCOPE);
        const imported = await cli(row, ['annotations', 'import', big, xml]);
        expect(imported.code, shown(imported)).toBe(0);
        expect(imported.stdout).toMatch(
          new RegExp(`^Imported ${escape(xml)} \\(1 region in 1 layer\\) into image ${big}(: .+|\\.)\\n$`),
        );
        const annotationLogs = (await row.api.listLogs(big)).filter((entry) => entry.type === 'Annotation');
        expect(annotationLogs.map((entry) => entry.message)).toContainEqual(
          expect.stringMatching(/^Annotation annotations\.xml uploaded: 1 regions in 1 layers/),
        );

        const completed = await row.completion!;
        expect(completed.code, shown(completed)).toBe(0);
        expect(completed.stdout).toMatch(
          new RegExp(
            `^Prediction Completed for image ${post}: outcome (High|Low) risk, metric \\d\\.\\d{3}\\.\\n$`,
          ),
        );
        const folder = path.join(row.dir, 'exports');
        await mkdir(folder);
        const exported = await cli(row, ['annotations', 'export', post, '--out', folder]);
        const file = path.join(folder, `${post}_complete_net_prediction.xml`);
        expect(exported.code, shown(exported)).toBe(0);
        expect(exported.stdout).toMatch(
          new RegExp(
            `^Saved the prediction of image ${post} \\(\\d+ regions? in \\d+ layers?\\) to ${escape(file)}\\n$`,
          ),
        );
        expect(validateImageScopeXml(await readFile(file, 'utf8'))).toMatchObject({ ok: true });
      }, 120_000);

      it("a refused call says so in one short line, in the server's own words: stop with nothing running, delete of an unknown image", async () => {
        const big = bigUid(row);
        const before = (await imageOf(row.api, big))?.status;
        expect(before).not.toBe('Prediction Running'); // nothing runs: stopped (or, had the stop failed, over)
        const [stop, remove] = await Promise.all([
          cli(row, ['predict', big, 'stop']),
          cli(row, ['delete', UNKNOWN_UID, '--yes']),
        ]);
        expectOneErrorLine(stop, expectations.stopRefused(big));
        expectOneErrorLine(remove, expectations.deleteUnknown(UNKNOWN_UID));
        expect(remove.stderr.length).toBeLessThan(400);
        expect((await imageOf(row.api, big))?.status).toBe(before); // the refusal changed nothing
      }, 30_000);

      it('delete --yes removes the image: exit 0, and no list holds the record any more', async () => {
        const big = bigUid(row);
        const deleted = await cli(row, ['delete', big, '--yes']);
        expect(deleted.code, shown(deleted)).toBe(0);
        expect(deleted.stdout).toBe(`Image ${big} deleted.\n`);
        expect(await imageOf(row.api, big)).toBeUndefined();
        expect(await holders(row.api, big)).toEqual([]);
        const rest = (await row.api.listImagesOfUser(19)).map((image) => image.image_unique_id);
        expect(rest.sort()).toEqual([...row.uids.values()].filter((uid) => uid !== big).sort());
      }, 30_000);

      if (noLogInfo) {
        // Last: it adds two images to the server, which the journeys above count.
        it('no-loginfo: two multipart uploads at once still say it once (--json), and both are done', async () => {
          const twins = await Promise.all(
            ['twin-a.svs', 'twin-b.svs'].map((name) =>
              writeSlide(row.dir, `${slug}-${name}`, MULTIPART_TILE_BYTES),
            ),
          );
          const result = await cli(
            { ...row, target: { ...row.target, stateDir: path.join(row.dir, 'state-twins') } },
            ['--json', 'upload', ...twins.map((twin) => twin.file), '--part-size', PART_SIZE_MIB],
            60_000,
          );
          expect(result.code, shown(result)).toBe(0);
          const { uploaded } = jsonResult<{ uploaded: Array<{ state: string; mode: string }> }>(
            result.stdout,
          );
          expect(uploaded.map((job) => [job.state, job.mode])).toEqual([
            ['done', 'multipart'],
            ['done', 'multipart'],
          ]);
          const notices = jsonLines(result.stdout).filter(
            (line) => line['type'] === 'notice' && String(line['message']).includes('keeps no upload log'),
          );
          expect(notices, JSON.stringify(notices)).toHaveLength(1);
        }, 90_000);
      }
    });
  }
}
