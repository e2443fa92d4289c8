import { describe, expect, it } from 'vitest';
import {
  createdImageSchema,
  formatSharedUserIds,
  imageActionResultSchema,
  imageSchema,
  logListSchema,
  messageResultSchema,
  parseSharedUserIds,
  usersWithImagesSchema,
} from '../../../src-shared/api/index.js';

/** The POST /Images response exactly as printed in the API document. */
const DOCUMENT_EXAMPLE = {
  id: 78,
  image_unique_id: 'd3171c32ce9448f387319b4e1dc6d292',
  workarea_id: null,
  entity_id: '4',
  study_id: null,
  patient_id: '1',
  filename: 'Test.png',
  location: null,
  description: null,
  workarea: null,
  study: null,
  adddate: '2022-08-17 06:59:27.530508',
  moddate: '2022-08-17 06:59:27.530508',
  status: 'In Progress',
  base_download_url: null,
  base_raw_download_url: null,
  tissue_area: null,
  outcome_prediction: null,
  shared: '19',
  annotation_status: 'Pending',
  tissuearea_status: 'Pending',
  tiling_status: 'Pending',
  metric: null,
  response: {
    url: 'https://pathomiq-dev.s3.amazonaws.com/',
    key: 'd3171c32ce9448f387319b4e1dc6d292',
    AWSAccessKeyId: 'AKIAEXAMPLEEXAMPLE00',
    policy: 'eyJleHBpcmF0aW9uIjogIjIwMjItMDgtMTdUMDc6NTk6MjdaIn0=',
    signature: 'FKbPpy54hLCU8cQ/M75XXmWnE2c=',
  },
};

describe('image schema', () => {
  it('parses the API document example and normalises string ids', () => {
    const image = createdImageSchema.parse(DOCUMENT_EXAMPLE);
    expect(image.entity_id).toBe(4);
    expect(image.patient_id).toBe(1);
    expect(image.workarea_id).toBeNull();
    expect(image.response).toEqual(DOCUMENT_EXAMPLE.response);
  });

  it('accepts numbers where strings came before, string ids where numbers came before, and "" as null', () => {
    const image = createdImageSchema.parse({
      ...DOCUMENT_EXAMPLE,
      id: '78',
      entity_id: 4,
      study_id: '',
      tissue_area: '12.5',
      metric: 0.91,
    });
    expect(image.id).toBe(78);
    expect(image.entity_id).toBe(4);
    expect(image.study_id).toBeNull();
    expect(image.tissue_area).toBe(12.5);
    expect(image.metric).toBe('0.91');
  });

  it('tolerates extra fields and missing optional ones', () => {
    const { metric: _metric, location: _location, ...withoutSome } = DOCUMENT_EXAMPLE;
    const image = createdImageSchema.parse({ ...withoutSome, userid: 19, new_field: { nested: true } });
    expect(image.metric).toBeNull();
    expect(image.location).toBeNull();
    expect('new_field' in image).toBe(false);
  });

  it('refuses hostile values with the field named', () => {
    for (const [field, value] of [
      ['entity_id', 'four'],
      ['id', '1; DROP TABLE images'],
      ['image_unique_id', ''],
      ['tissue_area', 'lots'],
    ] as const) {
      const result = createdImageSchema.safeParse({ ...DOCUMENT_EXAMPLE, [field]: value });
      expect(result.success, field).toBe(false);
      expect(result.error!.issues[0]!.path[0]).toBe(field);
    }
  });

  it('requires the presigned POST url and only string fields beside it', () => {
    expect(createdImageSchema.safeParse({ ...DOCUMENT_EXAMPLE, response: { key: 'k' } }).success).toBe(false);
    expect(
      createdImageSchema.safeParse({ ...DOCUMENT_EXAMPLE, response: { url: 'https://s3/', x: 1 } }).success,
    ).toBe(false);
    const extra = createdImageSchema.parse({
      ...DOCUMENT_EXAMPLE,
      response: { url: 'https://s3/', 'x-amz-date': '20220817T065927Z' },
    });
    expect(extra.response['x-amz-date']).toBe('20220817T065927Z');
  });
});

describe('result schemas', () => {
  it('reads success as a boolean or Python-style string', () => {
    expect(messageResultSchema.parse({ success: 'True', msg: 'ok' })?.success).toBe(true);
    expect(messageResultSchema.parse({ success: false, msg: 'no' })?.success).toBe(false);
    expect(
      imageActionResultSchema.parse({ success: 1, status: 'Prediction started', image: DOCUMENT_EXAMPLE })
        .success,
    ).toBe(true);
  });

  it('reads users with images with string user ids', () => {
    expect(usersWithImagesSchema.parse([{ userid: '19', images: [DOCUMENT_EXAMPLE] }])[0]!.userid).toBe(19);
  });

  it('reads log entries with or without id and date', () => {
    expect(
      logListSchema.parse([{ imageid: 'a', type: 'Tiling', message: 'Tiling is running' }]),
    ).toHaveLength(1);
  });
});

describe('shared column helpers', () => {
  it('parses the comma string, dropping blanks, junk and repeats', () => {
    expect(parseSharedUserIds('19')).toEqual([19]);
    expect(parseSharedUserIds('19, 20,,x,20 ')).toEqual([19, 20]);
    expect(parseSharedUserIds('')).toEqual([]);
    expect(parseSharedUserIds(null)).toEqual([]);
  });

  it('reads every spelling servers use for shared: comma string, spaced, a number, a JSON list', () => {
    const sharedOf = (shared: unknown) =>
      parseSharedUserIds(imageSchema.parse({ ...DOCUMENT_EXAMPLE, shared }).shared);
    expect(sharedOf('19,20')).toEqual([19, 20]);
    expect(sharedOf('19, 20')).toEqual([19, 20]);
    expect(sharedOf(19)).toEqual([19]);
    expect(sharedOf([19, '20'])).toEqual([19, 20]);
    expect(sharedOf(null)).toEqual([]);
  });

  it('formats ids without spaces or repeats', () => {
    expect(formatSharedUserIds([19, 20, 19])).toBe('19,20');
    expect(formatSharedUserIds([])).toBe('');
  });
});
