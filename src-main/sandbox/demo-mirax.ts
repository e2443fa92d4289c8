import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import yazl from 'yazl';
import { demoBytes } from './demo-bytes.js';

/** A fixed date, so the demo ZIP is the same bytes on every fresh data dir. */
const SCANNED = new Date('2026-01-15T09:30:00Z');
const DATA_FILES = ['Data0000.dat', 'Data0001.dat'];

/**
 * A small 3DHISTECH MIRAX slide as the uploader sends one: `<stem>.mrxs` plus its folder with Slidedat.ini,
 * Index.dat and the data files, in one ZIP of stored entries written the way the uploader writes it (yazl,
 * streamed with the size given, so each entry has a data descriptor). `mrxsZipName` ends in `.mrxs.zip`.
 */
export async function demoMiraxZip(mrxsZipName: string): Promise<Buffer> {
  const stem = mrxsZipName.replace(/\.mrxs\.zip$/i, '');
  const slidedat = [
    '[GENERAL]',
    'SLIDE_VERSION=01.02',
    'OBJECTIVE_MAGNIFICATION=20',
    '[HIERARCHICAL]',
    'INDEXFILE=Index.dat',
    '[DATAFILE]',
    `FILE_COUNT=${DATA_FILES.length}`,
    ...DATA_FILES.map((file, i) => `FILE_${i}=${file}`),
    '',
  ].join('\r\n');
  const members: Array<[string, Uint8Array]> = [
    [`${stem}.mrxs`, new TextEncoder().encode(`[GENERAL]\r\nSLIDE_ID=${stem}\r\n`)],
    [`${stem}/Slidedat.ini`, new TextEncoder().encode(slidedat)],
    [`${stem}/Index.dat`, demoBytes(`${stem}/Index.dat`, 4 * 1024)],
    ...DATA_FILES.map((file): [string, Uint8Array] => [
      `${stem}/${file}`,
      demoBytes(`${stem}/${file}`, 128 * 1024),
    ]),
  ];
  const zip = new yazl.ZipFile();
  for (const [name, bytes] of members) {
    zip.addReadStream(Readable.from([Buffer.from(bytes)]), name, {
      compress: false,
      size: bytes.length,
      mtime: SCANNED,
    });
  }
  zip.end();
  return buffer(zip.outputStream);
}
