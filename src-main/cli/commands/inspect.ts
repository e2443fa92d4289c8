import type { Command } from 'commander';
import type { SlideQcReport } from '../../../src-shared/app/index.js';
import { formatBytes } from '../../../src-shared/units/index.js';
import type { RunWithContext } from '../parse-options.js';
import { EXIT } from '../exit-codes.js';
import type { PictureTargets } from './inspect-pictures.js';

/** `inspect <path>`: slide QC's report — what the queue would decide, and why — without queueing anything. */
export function registerInspectCommand(program: Command, run: RunWithContext): void {
  program
    .command('inspect')
    .description(
      'Check a slide as the queue would (format, files, levels, decoded tiles, warnings) without uploading it. Exit 0 when it passes, 1 when it would be refused or skipped.',
    )
    .argument('<path>', 'a slide file (for MIRAX/VSI the .mrxs/.vsi, for DICOM any instance of the series)')
    .option('--thumbnail <file>', "write the slide's thumbnail (or its smallest level), 320 px, as PNG")
    .option('--label <file>', "write the slide's label image (may show patient names), 320 px, as PNG")
    .option('--macro <file>', "write the slide's macro (whole-glass) image, 320 px, as PNG")
    .action((file: string, options: PictureTargets, command: Command) =>
      run(
        command,
        async (ctx) => {
          const report = await ctx.send('slides.inspect', { path: file });
          ctx.out.result(describeReport(report), report);
          // The picture code (slide readers, sharp) loads only when the command runs, never for --help.
          const { writePictures } = await import('./inspect-pictures.js');
          const pictures = await writePictures(ctx, file, options);
          return report.verdict === 'passes' && pictures ? EXIT.ok : EXIT.failed;
        },
        { local: true },
      ),
    );
}

/** The report for people, one fact per line. */
export function describeReport(report: SlideQcReport): string {
  const lines = [`${report.path}`];
  const verdict =
    report.verdict === 'passes'
      ? `passes slide QC — would upload as ${report.uploadName} (${formatBytes(report.uploadBytes ?? 0)})`
      : `${report.verdict === 'refused' ? 'refused' : report.verdict === 'not-a-slide' ? 'not a slide' : 'unreadable'}: ${report.reason}`;
  lines.push(`  Verdict:   ${verdict}`);
  if (report.format) {
    const sayVendor = report.vendor && !report.format.toLowerCase().includes(report.vendor.toLowerCase());
    lines.push(`  Format:    ${report.format}${sayVendor ? ` (${report.vendor})` : ''}`);
  }
  if (report.width && report.height)
    lines.push(
      `  Size:      ${report.width.toLocaleString('en-US')} × ${report.height.toLocaleString('en-US')} px` +
        `${report.levels ? `, ${report.levels} level${report.levels === 1 ? '' : 's'}` : ''}` +
        `${report.magnification ? `, ${report.magnification}×` : ''}${report.mpp ? `, ${report.mpp.toFixed(4)} µm/px` : ''}`,
    );
  if (report.compression) lines.push(`  Compression: ${report.compression}`);
  if (report.members.length > 0) {
    lines.push(`  Files:     ${report.members.length}, sent as one uncompressed ZIP`);
    for (const member of report.members) lines.push(`    ${member.entryName}  ${formatBytes(member.size)}`);
  }
  if (report.pixels) {
    const whole = report.pixels.levels.filter((level) => level.whole).length;
    const tiles = report.pixels.levels
      .filter((level) => !level.whole)
      .reduce((sum, level) => sum + level.tilesDecoded, 0);
    lines.push(
      `  Pixels:    decoded ${whole} level${whole === 1 ? '' : 's'} whole and ${tiles} sampled tile${tiles === 1 ? '' : 's'} in ${report.pixels.millis} ms`,
    );
    for (const level of report.pixels.levels)
      lines.push(
        `    level ${level.level}: ${level.width} × ${level.height} px, ${level.whole ? 'decoded whole' : `${level.tilesDecoded} tiles sampled`}`,
      );
  }
  for (const warning of report.warnings) lines.push(`  Warning:   ${warning}`);
  return lines.join('\n');
}
