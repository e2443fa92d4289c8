import { describe, expect, it } from 'vitest';
import { iniValues } from '../../../src-main/slides/mirax-ini-bytes.js';
import { textValues } from '../../../src-main/slides/mirax-pictures.js';

const ini = (lines: string[]) => iniValues(Buffer.from(lines.join('\r\n'), 'latin1'));

describe('the XML records de-identification blanks in a MIRAX slide', () => {
  it('are found in every non-hierarchical layer, numbered across layers as Index.dat numbers them', () => {
    const values = ini([
      '[HIERARCHICAL]',
      'NONHIER_COUNT = 2',
      'NONHIER_0_NAME = Scan data layer',
      'NONHIER_0_COUNT = 3',
      'NONHIER_0_VAL_0 = ScanDataLayer_ScanMap',
      'NONHIER_0_VAL_1 = ScanDataLayer_XMLInfoHeader',
      'NONHIER_0_VAL_2 = ScanDataLayer_SlideBarcode',
      'NONHIER_1_NAME = VIMSLIDE_PROFILE',
      'NONHIER_1_COUNT = 2',
      'NONHIER_1_VAL_0 = ProfileXMLHeader',
      'NONHIER_1_VAL_1 = ProfileXML',
    ]);
    expect(textValues(values)).toEqual([
      { name: 'ScanDataLayer_XMLInfoHeader', record: 1 },
      { name: 'ProfileXMLHeader', record: 3 },
      { name: 'ProfileXML', record: 4 },
    ]);
  });

  it('a hostile count costs no more than the lines there are (no billion-step loop)', () => {
    const values = ini([
      '[HIERARCHICAL]',
      'NONHIER_COUNT = 2000000000',
      'NONHIER_0_NAME = Scan data layer',
      'NONHIER_0_COUNT = 2000000000',
      'NONHIER_0_VAL_0 = ScanDataLayer_XMLInfoHeader',
    ]);
    expect(textValues(values)).toEqual([{ name: 'ScanDataLayer_XMLInfoHeader', record: 0 }]);
  });
});
