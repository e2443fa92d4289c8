import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readAnswer } from '../../../src-main/api/http.js';
import {
  deleteResultSchema,
  imageActionResultSchema,
  messageResultSchema,
  updateImageResultSchema,
} from '../../../src-shared/api/index.js';

const IMAGE = {
  id: 101,
  image_unique_id: 'abc',
  filename: 'a.svs',
  status: 'Uploaded',
  adddate: 'Wed, 17 Aug 2022 06:59:27 GMT',
  shared: 19,
  entity_id: 4,
};

describe('readAnswer: strict where the document speaks, liberal where it is silent', () => {
  it.each([
    ['the bare image object', IMAGE],
    ['{success, status, image}', { success: true, status: 'Image updated', image: IMAGE }],
    ['{success, msg}', { success: true, msg: 'Updated' }],
    ['an empty 204', ''],
    ['plain text', 'OK'],
    ['JSON sent as text', JSON.stringify({ success: 'True', msg: 'Updated' })],
    ['an array', [1, 2]],
    ['null', null],
  ])('PUT /Images/:id answered with %s is success', (_name, body) => {
    expect(() => readAnswer('PUT /Images/101', 200, body, updateImageResultSchema)).not.toThrow();
  });

  it('keeps the image from a PUT answer when one is recognisable', () => {
    expect(readAnswer('PUT /Images/101', 200, IMAGE, updateImageResultSchema).image?.id).toBe(101);
    expect(
      readAnswer('PUT /Images/101', 200, { success: true, image: IMAGE }, updateImageResultSchema).image
        ?.image_unique_id,
    ).toBe('abc');
    expect(readAnswer('PUT /Images/101', 204, '', updateImageResultSchema).image).toBeUndefined();
  });

  it.each([[false], ['False'], ['false'], [0], ['0']])(
    'success %j in a 2xx is a refusal in the server’s own words',
    (success) => {
      let thrown: unknown;
      try {
        readAnswer(
          'GET /Images/startpredict/abc',
          200,
          { success, status: 'Tiling is not done' },
          imageActionResultSchema,
        );
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toMatchObject({
        name: 'ApiError',
        kind: 'rejected',
        retryable: false,
        status: 200,
        serverMessage: 'Tiling is not done',
        message: 'GET /Images/startpredict/abc was refused by the server: Tiling is not done.',
      });
    },
  );

  it('a refusal reads msg or message when there is no status, and says when there is no reason at all', () => {
    expect(() =>
      readAnswer('PUT /Images/1', 200, { success: false, msg: 'Locked' }, updateImageResultSchema),
    ).toThrow('PUT /Images/1 was refused by the server: Locked.');
    expect(() => readAnswer('DELETE /Images/x', 200, '{"success": false}', deleteResultSchema)).toThrow(
      'DELETE /Images/x was refused by the server, which gave no reason.',
    );
  });

  it('documented answers need only what the app uses', () => {
    expect(
      readAnswer(
        'GET /Images/stoppredict/abc',
        200,
        { success: true, status: 'Stopped' },
        imageActionResultSchema,
      ),
    ).toEqual({ success: true, status: 'Stopped' });
    expect(
      readAnswer('GET /Images/startpredict/abc', 200, { success: 1, image: IMAGE }, imageActionResultSchema)
        .image?.id,
    ).toBe(101);
    expect(readAnswer('DELETE /Images/x', 200, { success: true }, deleteResultSchema)).toEqual({
      success: true,
    });
    expect(readAnswer('POST /LogInfo', 201, '', messageResultSchema)).toBeUndefined();
  });

  it('an answer the schema cannot read names the field, and carries no markup', () => {
    const list = z.array(z.object({ id: z.number() }));
    expect(() => readAnswer('GET /Users/imagelist', 200, '<html><title>Login</title></html>', list)).toThrow(
      /GET \/Users\/imagelist failed — the server sent an answer the app does not understand: unexpected answer \(Invalid input/,
    );
    expect(() => readAnswer('GET /x', 200, [{ id: 'no' }], list)).toThrow(/field 0\.id/);
  });
});
