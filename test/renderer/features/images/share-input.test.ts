import { describe, expect, it } from 'vitest';
import {
  parseUserIdList,
  validateReplacementList,
  validateUsersToAdd,
} from '../../../../src-renderer/features/images/share-input.js';

describe('parseUserIdList', () => {
  it('accepts ids separated by commas, spaces or semicolons and folds duplicates', () => {
    expect(parseUserIdList('19, 20 21;20')).toEqual({ ok: true, ids: [19, 20, 21] });
    expect(parseUserIdList('  ')).toEqual({ ok: true, ids: [] });
    expect(parseUserIdList('0')).toEqual({ ok: true, ids: [0] });
  });

  it('refuses anything but whole non-negative numbers, naming the bad part', () => {
    expect(parseUserIdList('19, abc')).toEqual({
      ok: false,
      message: '"abc" is not a user id. Use whole numbers such as 19.',
    });
    expect(parseUserIdList('-3')).toMatchObject({
      ok: false,
      message: expect.stringContaining('cannot be negative'),
    });
    expect(parseUserIdList('1.5')).toMatchObject({ ok: false, message: expect.stringContaining('"1.5"') });
    expect(parseUserIdList('99999999999999999999')).toMatchObject({ ok: false });
  });

  it('caps the number of ids at what one command accepts', () => {
    const many = Array.from({ length: 1001 }, (_, i) => i).join(',');
    expect(parseUserIdList(many)).toMatchObject({ ok: false, message: expect.stringContaining('1000') });
  });
});

describe('validateUsersToAdd', () => {
  it('returns the new ids', () => {
    expect(validateUsersToAdd('20 21', [19], 19)).toEqual({ ok: true, ids: [20, 21] });
  });

  it('needs at least one id', () => {
    expect(validateUsersToAdd('', [19], 19)).toMatchObject({
      ok: false,
      message: expect.stringContaining('Type'),
    });
  });

  it('refuses ids already in the list', () => {
    expect(validateUsersToAdd('20', [19, 20], 19)).toEqual({
      ok: false,
      message: 'User 20 is already in the list.',
    });
    expect(validateUsersToAdd('20, 21, 22', [19, 20, 21], 19)).toEqual({
      ok: false,
      message: 'Users 20, 21 are already in the list.',
    });
  });

  it('refuses the owner', () => {
    expect(validateUsersToAdd('19', [], 19)).toEqual({
      ok: false,
      message: 'User 19 owns this image and always has access.',
    });
  });

  it('passes malformed input errors through', () => {
    expect(validateUsersToAdd('x', [], 19)).toMatchObject({
      ok: false,
      message: expect.stringContaining('"x"'),
    });
  });
});

describe('validateReplacementList', () => {
  it('keeps the owner first', () => {
    expect(validateReplacementList('20, 21', 19)).toEqual({ ok: true, ids: [19, 20, 21] });
    expect(validateReplacementList('20, 19', 19)).toEqual({ ok: true, ids: [19, 20] });
    expect(validateReplacementList('', 19)).toEqual({ ok: true, ids: [19] });
  });

  it('needs some id when the owner is unknown', () => {
    expect(validateReplacementList('', null)).toMatchObject({ ok: false });
    expect(validateReplacementList('7', null)).toEqual({ ok: true, ids: [7] });
  });
});
