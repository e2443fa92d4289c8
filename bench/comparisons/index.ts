import { postVsCurl } from './a-post-vs-curl.js';
import { multipartVsRclone } from './b-multipart-vs-rclone.js';
import { peakRss } from './c-peak-rss.js';
import { resendAfterKill } from './d-resend-after-kill.js';
import { manyFilesVsRclone } from './e-many-files-vs-rclone.js';
import { tenGib } from './g-ten-gib.js';
import { shapedLink } from './s-shaped-link.js';
import { cpuPerGib } from './u-cpu-per-gib.js';
import type { Comparison } from './types.js';

export const COMPARISONS: readonly Comparison[] = [
  postVsCurl,
  multipartVsRclone,
  peakRss,
  resendAfterKill,
  manyFilesVsRclone,
  tenGib,
  shapedLink,
  cpuPerGib,
];
