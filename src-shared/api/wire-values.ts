import { z } from 'zod';

/**
 * The PathomIQ server is loose with types: ids come back as 4 or "4", empty values as null or "".
 * These normalisers accept what it sends and hand the app one shape.
 */

const blankToNull = (value: unknown): unknown => (value === '' || value === undefined ? null : value);

/** An integer id sent as a number or a numeric string; normalised to a number. */
export const intId = z
  .union([
    z.number().int(),
    z
      .string()
      .trim()
      .regex(/^-?\d+$/, 'expected an integer id'),
  ])
  .transform(Number);

/** Like {@link intId}, but null, "" or absent become null. */
export const nullableIntId = z.preprocess(blankToNull, intId.nullable());

/** A number sent as a number or numeric string; null, "" or absent become null. */
export const nullableNumber = z.preprocess(
  blankToNull,
  z
    .union([
      z.number(),
      z
        .string()
        .trim()
        .regex(/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/, 'expected a number'),
    ])
    .transform(Number)
    .nullable(),
);

/** Free text that may arrive as a number; null or absent become null ("" is kept: it is text). */
export const nullableText = z.preprocess(
  (value) => (value === undefined ? null : value),
  z.union([z.string(), z.number()]).transform(String).nullable(),
);

/** `shared`: the document's comma string "19,20", or "19, 20", a lone number, or (some servers) a JSON list. */
export const sharedText = z.preprocess(
  (value) => (Array.isArray(value) ? value.map(String).join(',') : value),
  nullableText,
);

/** `success` arrives as a JSON boolean, or from some servers as "True"/"False". */
export const looseBoolean = z.union([
  z.boolean(),
  z
    .enum(['true', 'false', 'True', 'False', '1', '0'])
    .transform((v) => v === 'true' || v === 'True' || v === '1'),
  z.number().transform((v) => v !== 0),
]);
