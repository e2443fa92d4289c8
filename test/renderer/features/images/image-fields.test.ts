import { describe, expect, it } from 'vitest';
import { imageFields } from '../../../../src-renderer/features/images/image-fields.js';
import { imageRow } from './image-row-factory.js';

describe('imageFields', () => {
  it('labels every field and leaves unknown values empty', () => {
    const fields = imageFields(imageRow({ description: 'Needle core', study_id: 5 }));
    const byLabel = Object.fromEntries(fields.map((f) => [f.label, f.value]));
    expect(byLabel['File name']).toBe('Test.svs');
    expect(byLabel['Description']).toBe('Needle core');
    expect(imageFields(imageRow({ tissue_area: 42.5 })).find((f) => f.label === 'Tissue area')?.value).toBe(
      '42.5 mm²',
    );
    expect(byLabel['Study id']).toBe('5');
    expect(byLabel['Location']).toBeNull();
    expect(fields.find((f) => f.label === 'Added')?.kind).toBe('date');
    expect(byLabel['Listed for user']).toBeUndefined();
  });

  it('names the list a row came from in the all-users view', () => {
    const fields = imageFields(imageRow({ ownerId: 20 }));
    expect(fields.at(-1)).toEqual({ label: 'Listed for user', value: '20', kind: 'text' });
  });
});
