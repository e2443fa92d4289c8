import { useState, type RefObject } from 'react';
import { parsePathList } from '../../platform/dropped-paths.js';
import { Button, TextArea } from '../../ui/index.js';

/** Paths typed or pasted, one per line: the way in when there is no file picker (browser) or for long lists. */
export function PathBox({
  onPaths,
  inputRef,
  hint,
}: {
  onPaths: (paths: string[]) => void;
  inputRef: RefObject<HTMLTextAreaElement | null>;
  hint: string | null;
}) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const add = () => {
    const paths = parsePathList(text);
    if (paths.length === 0) {
      setError('Type or paste at least one path, one per line.');
      return;
    }
    onPaths(paths);
    setText('');
    setError(null);
  };
  return (
    <div className="path-box">
      <TextArea
        ref={inputRef}
        label="Add by path"
        value={text}
        onChange={(value) => {
          setText(value);
          if (error) setError(null);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            add();
          }
        }}
        placeholder={'/data/scans/case-1042/slide-01.svs\n/data/scans/case-1043'}
        rows={2}
        spellCheck={false}
        hint={hint ?? 'One file or folder per line (Ctrl+Enter adds them).'}
        error={error}
      />
      <Button onClick={add}>Add paths</Button>
    </div>
  );
}
