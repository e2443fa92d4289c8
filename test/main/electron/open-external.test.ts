import { describe, expect, it } from 'vitest';
import { safeExternalUrl } from '../../../src-main/electron/open-external.js';

describe('safeExternalUrl (what may be opened in the browser)', () => {
  it.each(['https://pathomiq.example.org/docs', 'http://example.com/a?b=c#d', 'https://example.com:8443/'])(
    'allows the web page %s',
    (url) => {
      expect(safeExternalUrl(url)).toBe(new URL(url).href);
    },
  );

  it.each([
    ['javascript', 'javascript:alert(1)'],
    ['javascript with case and spaces', ' JaVaScRiPt:alert(1)'],
    ['file', 'file:///etc/passwd'],
    ['file on Windows', 'file://C:/Windows/System32/calc.exe'],
    ['data', 'data:text/html,<script>alert(1)</script>'],
    ['custom scheme', 'ms-msdt:/id PCWDiagnostic'],
    ['smb share', 'smb://attacker/share'],
    ['vbscript', 'vbscript:msgbox(1)'],
    ['app scheme', 'app://pathomiq/index.html'],
    ['credentials', 'https://user:pass@example.com/'],
    ['user only', 'https://user@example.com/'],
    ['malformed', 'https//example.com'],
    ['relative', '/index.html'],
    ['empty', ''],
    ['no host', 'https:///path'],
    ['backslashes', 'https:\\\\evil.example/'],
    ['control character', 'https://example.com/\u0000'],
    ['newline', 'https://exa\nmple.com/'],
    ['too long', `https://example.com/${'a'.repeat(3000)}`],
  ])('refuses %s', (_label, url) => {
    expect(safeExternalUrl(url)).toBeNull();
  });

  it.each([null, undefined, 42, {}, ['https://example.com'], { toString: () => 'https://example.com' }])(
    'refuses non-strings (%s)',
    (input) => {
      expect(safeExternalUrl(input)).toBeNull();
    },
  );
});
