/**
 * No user-facing text may promise a retry that does not happen. API errors say what failed and what a person
 * can do; only the upload queue, which really retries, shows "Retrying in N s" beside the job. This reads every
 * string a user could see in src-main, src-shared and src-renderer (string and template literals, JSX text, and
 * `+` chains of them joined, so a promise split over two literals is caught) — comments are not messages.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../cli/run-cli.js';

const ROOTS = ['src-main', 'src-shared', 'src-renderer'];
const FALSE_PROMISE = /\bwill be tried again\b/i;

interface Text {
  file: string;
  line: number;
  text: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** The literal text of a node that is text, with `…` for what a template or `+` chain fills in at run time. */
function literalText(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isJsxText(node))
    return node.text;
  if (ts.isTemplateExpression(node))
    return node.head.text + node.templateSpans.map((span) => `…${span.literal.text}`).join('');
  if (ts.isParenthesizedExpression(node)) return literalText(node.expression);
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = literalText(node.left);
    const right = literalText(node.right);
    if (left === undefined && right === undefined) return undefined;
    return `${left ?? '…'}${right ?? '…'}`;
  }
  return undefined;
}

/** Every text a user could be shown in the source, by position. */
function userFacingTexts(source: string, file = 'inline.ts'): Text[] {
  const kind = file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const tree = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, kind);
  const texts: Text[] = [];
  const visit = (node: ts.Node) => {
    const text = literalText(node);
    if (text !== undefined) {
      const line = tree.getLineAndCharacterOfPosition(node.getStart(tree)).line + 1;
      texts.push({ file: path.relative(REPO_ROOT, file), line, text });
    }
    ts.forEachChild(node, visit);
  };
  visit(tree);
  return texts;
}

describe('no message promises a retry that does not happen', () => {
  it('finds promises in strings, templates, JSX and concatenations, not in comments', () => {
    const source = [
      '// it will be tried again (a comment: no message)',
      "const a = 'Network down; it will be tried again.';",
      'const b = `The server said ${reason}; it will be tried again.`;',
      "const c = 'Timed out; it will ' + 'be tried again.';",
      'const d = <p>It will be tried again shortly</p>;',
      "const e = 'Retrying in 12 s';",
    ].join('\n');
    const flagged = userFacingTexts(source, 'sample.tsx').filter(({ text }) => FALSE_PROMISE.test(text));
    expect([...new Set(flagged.map(({ line }) => line))]).toEqual([2, 3, 4, 5]);
  });

  it('src-main, src-shared and src-renderer say "will be tried again" nowhere', () => {
    const files = ROOTS.flatMap((root) => sourceFiles(path.join(REPO_ROOT, root)));
    expect(files.length).toBeGreaterThan(100); // the walk found the sources
    const promises = files
      .flatMap((file) => userFacingTexts(readFileSync(file, 'utf8'), file))
      .filter(({ text }) => FALSE_PROMISE.test(text))
      .map(({ file, line, text }) => `${file}:${line}: ${text}`);
    expect(promises).toEqual([]);
  });
});
