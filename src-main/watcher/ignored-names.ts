/** Hidden, temporary, partial and system files: never slides, often half-written. */
export function isIgnoredName(name: string): boolean {
  return (
    name.startsWith('.') ||
    name.startsWith('~$') ||
    /\.(tmp|temp|part|partial|crdownload|download|swp)$/i.test(name) ||
    /^(thumbs\.db|desktop\.ini|\$recycle\.bin|system volume information)$/i.test(name)
  );
}
