import { describe, expect, it } from 'vitest';
import {
  withoutFields,
  draftFromFolder,
  emptyWatchDraft,
  parseExtensions,
  parseWatchDraft,
} from '../../../../src-renderer/features/watch-folders/watch-folder-draft.js';

describe('watch folder form', () => {
  it('turns a filled-in form into settings the uploader accepts', () => {
    const draft = {
      ...emptyWatchDraft(),
      path: ' /data/scanner ',
      depth: '2',
      extensions: 'svs, .NDPI tif',
      afterUpload: 'move' as const,
      moveSubdir: 'done',
      polling: 'on' as const,
      stableSeconds: '5',
      deidentify: true,
      metadata: { ...emptyWatchDraft().metadata, study: '3' },
    };
    const result = parseWatchDraft(draft, 19);
    expect(result).toEqual({
      ok: true,
      settings: {
        path: '/data/scanner',
        depth: 2,
        includeExtensions: ['.svs', '.ndpi', '.tif'],
        metadata: { study: 3, userid: 19 },
        afterUpload: 'move',
        moveSubdir: 'done',
        usePolling: true,
        stableSeconds: 5,
        enabled: true,
        deidentify: true,
      },
    });
    if (result.ok) expect(draftFromFolder(result.settings).extensions).toBe('.svs, .ndpi, .tif');
    if (result.ok) expect(draftFromFolder(result.settings).deidentify).toBe(true);
  });

  it('explains each wrong field', () => {
    const result = parseWatchDraft(
      {
        ...emptyWatchDraft(),
        path: '',
        depth: 'x',
        stableSeconds: '0',
        afterUpload: 'move',
        moveSubdir: '../up',
      },
      19,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(['depth', 'path', 'stableSeconds']);
    const escaping = parseWatchDraft(
      { ...emptyWatchDraft(), path: '/d', afterUpload: 'move', moveSubdir: '../up' },
      19,
    );
    expect(escaping).toEqual({
      ok: false,
      errors: {
        moveSubdir: 'Use a subfolder name inside the watched folder (no "..", not starting with a slash).',
      },
    });
  });

  it('uploads as the user typed, the app user when left empty, and refuses a user that is not a number', () => {
    const base = { ...emptyWatchDraft(23), path: '/data/scanner' };
    expect(base.userid).toBe('23');
    const typed = parseWatchDraft(base, 19);
    expect(typed.ok && typed.settings.metadata.userid).toBe(23);
    const empty = parseWatchDraft({ ...base, userid: '' }, 19);
    expect(empty.ok && empty.settings.metadata.userid).toBe(19);
    const wrong = parseWatchDraft({ ...base, userid: 'ann' }, 19);
    expect(wrong.ok ? undefined : wrong.errors.userid).toMatch(/whole number/);
    expect(draftFromFolder({ ...(typed.ok ? typed.settings : ({} as never)) }).userid).toBe('23');
  });

  it('parses extension lists loosely', () => {
    expect(parseExtensions(' .SVS;ndpi,, tif ')).toEqual(['.svs', '.ndpi', '.tif']);
    expect(parseExtensions('')).toEqual([]);
  });
});

describe('watch folder form errors', () => {
  it("drop a field's error once that field changes, and keep the others", () => {
    const errors = { path: 'No folder /old/path.', userid: 'Enter a user.' };
    expect(withoutFields(errors, ['path'])).toEqual({ userid: 'Enter a user.' });
    expect(withoutFields(errors, ['depth'])).toBe(errors);
  });
});
