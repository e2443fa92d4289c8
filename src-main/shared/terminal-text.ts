/**
 * Text for a terminal, with every control character shown as an escape (`\x1b`, `\u009b`) instead of acted on.
 * File names (local, or from the server) may hold anything the OS allows: an ESC sequence in a name must not
 * recolour, move the cursor, retitle the window or hide text. Line breaks and tabs of our own messages stay.
 */
export function forTerminal(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (char) => {
    const code = char.charCodeAt(0);
    return code < 0x100
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
