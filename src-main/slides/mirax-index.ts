import type { ByteReader } from './byte-reader.js';
import { bytes } from './reasons.js';

/**
 * Walks a MIRAX Index.dat (layout from openslide's MIRAX notes and misc/imhex/mirax-index.hexpat), reading
 * only its tables, to check that every record it lists lies inside a data file:
 *
 *   "01.02" SLIDE_ID | int32 → hierarchical table | int32 → non-hierarchical table
 *   table:  int32 per record → record head (0 = no data for this record)
 *   head:   int32 0, int32 → first page
 *   page:   int32 count, int32 → next page (0 = last; hierarchical records only: in a non-hierarchical
 *           record's single page that word is no link, and real slides hold e.g. 1253 there), then entries
 *   entry:  hierarchical int32 image, offset, length, file; non-hierarchical int32 0, 0, offset, length, file
 *
 * All int32 little endian. The walk is bounded: a page seen twice (a loop), or more pages and entries than the
 * file has bytes for, is damage, so a hostile index costs at most one pass over the file.
 */

export const INDEX_VERSION = '01.02';
/** A bound on the loop-detection set; real indexes have far fewer pages. */
const MAX_PAGES = 1_000_000;
/** Entries read per chunk: 64 KiB, one ByteReader window. */
const CHUNK_ENTRIES = 4096;

export type IndexProblem =
  | { kind: 'cut'; neededEnd: number }
  | { kind: 'damaged'; what: string }
  | { kind: 'wrong-slide' }
  | { kind: 'no-such-file'; fileNumber: number }
  | { kind: 'outside'; fileNumber: number; neededEnd: number };

export interface IndexTables {
  slideId: string;
  hierRecords: number;
  nonHierRecords: number;
  /** Size of each data file, by its FILE_n number. */
  dataFileSizes: readonly number[];
}

/** One entry of a record: a range of a data file (a tile, or a non-hierarchical record's data). */
export interface IndexEntry {
  table: 'hier' | 'nonhier';
  /** The record's number in its table (a non-hierarchical one: as Slidedat.ini's values count them). */
  record: number;
  fileNumber: number;
  offset: number;
  length: number;
}

/**
 * The first problem found, or undefined when every record lies inside its data file. `visit` sees every entry
 * (de-identification needs to know what else lives in a data file before it wipes a label there).
 */
export async function checkMiraxIndex(
  reader: ByteReader,
  tables: IndexTables,
  visit?: (entry: IndexEntry) => void,
): Promise<IndexProblem | undefined> {
  try {
    return await new IndexWalk(reader, tables, visit).run();
  } catch (error) {
    if (error instanceof Stop) return error.problem;
    throw error;
  }
}

class Stop extends Error {
  constructor(readonly problem: IndexProblem) {
    super(problem.kind);
  }
}

class IndexWalk {
  private readonly visited = new Set<number>();
  /** Bytes the pages and entries seen so far must occupy: never more than the file holds. */
  private claimed = 0;
  /** Per data file, the furthest byte a record needs. */
  private readonly neededEnds: number[];

  constructor(
    private readonly reader: ByteReader,
    private readonly tables: IndexTables,
    private readonly visit?: (entry: IndexEntry) => void,
  ) {
    this.neededEnds = tables.dataFileSizes.map(() => 0);
  }

  async run(): Promise<IndexProblem | undefined> {
    const header = `${INDEX_VERSION}${this.tables.slideId}`;
    const root = Buffer.byteLength(header, 'latin1');
    const start = await this.reader.read(0, root + 8);
    if (start.length < root + 8) throw new Stop({ kind: 'cut', neededEnd: root + 8 });
    if (start.toString('latin1', 0, INDEX_VERSION.length) !== INDEX_VERSION)
      throw new Stop({ kind: 'damaged', what: 'its index file (Index.dat) has an unknown version' });
    if (start.toString('latin1', 0, root) !== header) throw new Stop({ kind: 'wrong-slide' });

    await this.table('hier', this.int32(start, root, 'the image table'), this.tables.hierRecords);
    await this.table(
      'nonhier',
      this.int32(start, root + 4, 'the extra-data table'),
      this.tables.nonHierRecords,
    );

    const sizes = this.tables.dataFileSizes;
    for (let fileNumber = 0; fileNumber < sizes.length; fileNumber += 1) {
      const neededEnd = this.neededEnds[fileNumber] ?? 0;
      if (neededEnd > (sizes[fileNumber] ?? 0)) return { kind: 'outside', fileNumber, neededEnd };
    }
    return undefined;
  }

  /** `records` pointers at `at`, each to a record head. */
  private async table(table: IndexEntry['table'], at: number, records: number): Promise<void> {
    if (records === 0) return;
    // Entry sizes, and where an entry's file number sits: see the layout above.
    const [entrySize, fileAt] = table === 'hier' ? [16, 12] : [20, 16];
    const pointers = await this.exact(at, records * 4);
    for (let record = 0; record < records; record += 1) {
      const head = this.int32(pointers, record * 4, 'a record pointer');
      if (head === 0) continue;
      const recordHead = await this.exact(head, 8);
      if (recordHead.readInt32LE(0) !== 0)
        throw new Stop({ kind: 'damaged', what: 'a record of its index file (Index.dat) is malformed' });
      // A non-hierarchical record is one page: the word where hierarchical pages link the next one is no link
      // there (openslide ignores it; real slides hold e.g. 1253 in it), so it is never followed.
      await this.pages(
        this.int32(recordHead, 4, 'a record'),
        entrySize,
        (chunk, entryAt) => this.entry(chunk, entryAt, fileAt, table, record),
        table === 'hier',
      );
    }
  }

  private async pages(
    first: number,
    entrySize: number,
    onEntry: (chunk: Buffer, at: number) => void,
    followNext: boolean,
  ): Promise<void> {
    for (let page = first; page !== 0;) {
      if (this.visited.has(page))
        throw new Stop({ kind: 'damaged', what: 'its index file (Index.dat) loops back on itself' });
      if (this.visited.size >= MAX_PAGES)
        throw new Stop({
          kind: 'damaged',
          what: 'its index file (Index.dat) has an implausible number of pages',
        });
      this.visited.add(page);
      const head = await this.exact(page, 8);
      const count = this.int32(head, 0, 'a page');
      const next = followNext ? this.int32(head, 4, 'a page') : 0;
      this.claimed += 8 + count * entrySize;
      if (this.claimed > this.reader.size) {
        throw new Stop({
          kind: 'damaged',
          what: 'its index file (Index.dat) lists more records than it has room for',
        });
      }
      const entriesEnd = page + 8 + count * entrySize;
      if (entriesEnd > this.reader.size) throw new Stop({ kind: 'cut', neededEnd: entriesEnd });
      for (let done = 0; done < count; done += CHUNK_ENTRIES) {
        const entries = Math.min(CHUNK_ENTRIES, count - done);
        const chunk = await this.exact(page + 8 + done * entrySize, entries * entrySize);
        for (let entry = 0; entry < entries; entry += 1) onEntry(chunk, entry * entrySize);
      }
      page = next;
    }
  }

  /** offset, length, file at fileAt - 8, fileAt - 4, fileAt. */
  private entry(chunk: Buffer, at: number, fileAt: number, table: IndexEntry['table'], record: number): void {
    const offset = this.int32(chunk, at + fileAt - 8, 'a record');
    const length = this.int32(chunk, at + fileAt - 4, 'a record');
    const fileNumber = this.int32(chunk, at + fileAt, 'a record');
    if (fileNumber >= this.tables.dataFileSizes.length) throw new Stop({ kind: 'no-such-file', fileNumber });
    const end = offset + length;
    if (end > (this.neededEnds[fileNumber] ?? 0)) this.neededEnds[fileNumber] = end;
    this.visit?.({ table, record, fileNumber, offset, length });
  }

  /** Exactly `length` bytes, or the index is cut short. */
  private async exact(position: number, length: number): Promise<Buffer> {
    const end = position + length;
    if (end > this.reader.size) throw new Stop({ kind: 'cut', neededEnd: end });
    const buffer = await this.reader.read(position, length);
    if (buffer.length < length) throw new Stop({ kind: 'cut', neededEnd: end });
    return buffer;
  }

  /** Every value in Index.dat is a signed 32-bit number; a negative one is never valid. */
  private int32(buffer: Buffer, at: number, what: string): number {
    const value = buffer.readInt32LE(at);
    if (value < 0) {
      throw new Stop({
        kind: 'damaged',
        what: `${what} in its index file (Index.dat) holds an impossible value (${bytes(value)})`,
      });
    }
    return value;
  }
}
