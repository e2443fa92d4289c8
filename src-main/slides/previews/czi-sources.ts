import type { SlidePreviewKind } from '../../../src-shared/app/index.js';
import { ByteReader } from '../byte-reader.js';
import { readCziAttachmentData, readCziAttachments } from '../czi-attachments.js';
import { imageSignature } from '../mirax-pictures.js';
import { embeddedCziPicture } from './czi-embedded.js';
import { encodedSource } from './encoded-source.js';
import { KIND_WORDS, type SourceLookup } from './source.js';

/** The attachment names ZEN gives the pictures (as OpenSlide and other readers map them). */
const ATTACHMENT_OF: Record<SlidePreviewKind, string> = {
  thumbnail: 'Thumbnail',
  label: 'Label',
  macro: 'SlidePreview',
};

/** A picture attachment larger than this is not a preview worth reading whole. */
const MAX_PICTURE_BYTES = 64 * 1024 * 1024;

/**
 * A Zeiss CZI slide's thumbnail, label or macro: its "Thumbnail", "Label" or "SlidePreview" attachment, when
 * that is a JPEG or PNG, or a small CZI of its own whose one image is uncompressed 8-bit or JPEG
 * (czi-embedded.ts). Anything else is reported, never decoded blindly; a slide without a thumbnail attachment
 * gets none, since its smallest level is many sub-blocks this app does not join.
 */
export async function cziSource(file: string, kind: SlidePreviewKind): Promise<SourceLookup> {
  const words = KIND_WORDS[kind];
  const reader = await ByteReader.open(file);
  try {
    const attachments = await readCziAttachments(reader);
    if (!attachments.ok) return { missing: `'s ${words} cannot be found: ${attachments.problem}` };
    const attachment = attachments.value.find((found) => found.name === ATTACHMENT_OF[kind]);
    if (!attachment)
      return kind === 'thumbnail'
        ? {
            missing:
              ' has no thumbnail attachment, and its smallest level is split into blocks this app does not join',
          }
        : { missing: ` has no ${words} (no "${ATTACHMENT_OF[kind]}" attachment)` };
    const data = await readCziAttachmentData(reader, attachment, MAX_PICTURE_BYTES);
    if (!data.ok) return { missing: `'s ${words} cannot be read: ${data.problem}` };
    const bytes = data.value;
    if (attachment.contentType === 'CZI' || bytes.toString('latin1', 0, 10) === 'ZISRAWFILE')
      return embeddedCziPicture(bytes, words);
    const signature = imageSignature(bytes);
    if (signature !== 'jpeg' && signature !== 'png')
      return {
        missing: `'s ${words} is stored as ${attachment.contentType ? `"${attachment.contentType}"` : 'an unknown type'} data, which this app cannot decode`,
      };
    return encodedSource(bytes, words);
  } finally {
    await reader.close();
  }
}
