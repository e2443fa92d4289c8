/**
 * Hands text to the browser as a download (Electron saves it through its download handling, a browser to its
 * downloads folder): a Blob URL on a temporary <a download>.
 */
export function saveTextFile(fileName: string, text: string, type = 'application/xml'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: revoking at once can cancel the download before it starts in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
