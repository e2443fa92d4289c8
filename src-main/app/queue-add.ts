import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { AddOutcome, ParsedCommandArgs } from '../../src-shared/app/index.js';
import { expandPaths } from '../cli/expand-paths.js';
import { addCheckedFiles, type CheckedAddResult } from '../intake/add-checked-files.js';
import { qcSlide, type SlideInspection } from '../slides/index.js';
import { hasSlideExtension } from '../slides/extensions.js';
import type { AppContext } from './app-context.js';
import { errorOutcome, skippedOutcome, toAddOutcome } from './add-outcomes.js';

type Slot = { outcome: AddOutcome } | { file: string };

/**
 * Named files are checked whatever their name; folders are searched (recursively) for files with slide
 * extensions, so a scanner's export folder with thumbnails and reports does not flood the list with refusals.
 */
async function collect(inputs: readonly string[]): Promise<Slot[]> {
  const slots: Slot[] = [];
  for (const input of inputs) {
    const info = await stat(input).catch((error: NodeJS.ErrnoException) => error);
    if (info instanceof Error) {
      const message = info.code === 'ENOENT' ? `File not found: ${input}` : `${input}: ${info.message}`;
      slots.push({ outcome: errorOutcome(path.resolve(input), message) });
      continue;
    }
    if (!info.isDirectory()) {
      slots.push({ file: path.resolve(input) });
      continue;
    }
    const { files, problems, skipped } = await expandPaths([input]);
    for (const problem of problems) slots.push({ outcome: errorOutcome(path.resolve(input), problem) });
    for (const { path: where, message } of skipped) slots.push({ outcome: skippedOutcome(where, message) });
    const slides = files.filter(hasSlideExtension);
    if (slides.length === 0 && problems.length === 0)
      slots.push({ outcome: errorOutcome(path.resolve(input), `No slide files found in ${input}.`) });
    for (const file of slides) slots.push({ file });
  }
  return slots;
}

/** `queue.add`: expand, check each file as a slide, queue those that pass; one outcome per file, in order. */
export async function addToQueue(
  ctx: AppContext,
  args: ParsedCommandArgs<'queue.add'>,
): Promise<AddOutcome[]> {
  const connection = await ctx.server();
  const metadata = { ...args.metadata, userid: args.metadata.userid ?? ctx.userOf(connection) };
  const slots = await collect(args.paths);
  const files = slots.flatMap((slot) => ('file' in slot ? [slot.file] : []));
  // addCheckedFiles keeps the inspection only for refused files; the UI wants it for queued ones too.
  const inspections = new Map<string, SlideInspection>();
  const inspect = async (file: string) => {
    const inspection = await qcSlide(file);
    inspections.set(path.resolve(file), inspection);
    return inspection;
  };
  const results = await addCheckedFiles(
    connection.engine,
    files.map((file) => ({
      path: file,
      metadata,
      force: args.force,
      deidentify: args.deidentify ?? ctx.settings().deidentifyByDefault,
    })),
    { inspect },
  );
  const byPath = new Map<string, CheckedAddResult[]>();
  for (const result of results) byPath.set(result.path, [...(byPath.get(result.path) ?? []), result]);
  return slots.map((slot) => {
    if ('outcome' in slot) return slot.outcome;
    const result = byPath.get(slot.file)?.shift();
    return result
      ? toAddOutcome(result, inspections.get(slot.file))
      : errorOutcome(slot.file, `${slot.file} was not queued (no result from the queue).`);
  });
}
