import { describe, expect, it } from 'vitest';
import { forTerminal } from '../../../src-main/shared/terminal-text.js';

describe('text for a terminal', () => {
  it('shows control characters as escapes and keeps line breaks, tabs and any other letter', () => {
    expect(forTerminal('case\u001b[31mred\u0007\u009b2J\r.svs')).toBe(
      'case\\x1b[31mred\\x07\\x9b2J\\x0d.svs',
    );
    expect(forTerminal('line one\n\tline two · é 😐')).toBe('line one\n\tline two · é 😐');
  });
});
