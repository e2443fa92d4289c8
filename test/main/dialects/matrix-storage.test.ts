import { defineDialectMatrix } from './journeys.js';

// Where the bytes live: downloads that redirect to another host, results on another host, no multipart, or
// multipart without part checksums.
defineDialectMatrix([
  { dialects: ['download-302'], about: 'GET /S3/file/:uid redirects to a presigned S3 GET on another host' },
  { dialects: ['raw-on-s3'], about: 'base_raw_download_url on another host that refuses the token' },
  {
    dialects: ['no-multipart'],
    about: 'no S3 multipart extension: every slide by presigned POST',
    multipart: false,
  },
  {
    dialects: ['md5-parts'],
    about: 'the multipart extension from before part checksums: parts go with Content-MD5',
  },
]);
