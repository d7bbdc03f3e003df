/**
 * docs/import.md shows the column tables and an example of errors generated from the kinds'
 * definitions and from parseImportFile itself, so the guide cannot drift from the code.
 * After changing a definition or a message: `UPDATE_DOCS=1 npx vitest run src/domain/import/import-docs.test.ts`,
 * then `npx biome check --write docs` (tables are compared without the formatter's padding).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { formatImportIssue } from './issues.js';
import { IMPORT_KIND_IDS, IMPORT_KINDS } from './kinds.js';
import { parseImportFile } from './parse-import-file.js';

const DOC = new URL('../../../docs/import.md', import.meta.url);

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function columnTables(): string {
  return IMPORT_KIND_IDS.map((kind) => {
    const { name, description, columns } = IMPORT_KINDS[kind];
    return [
      `### ${name}（\`${kind}\`）`,
      '',
      description,
      '',
      '```csv',
      columns.map((c) => c.header).join(','),
      '```',
      '',
      '| 見出し | 必須 | 形式 | 説明 | 例 |',
      '|---|:-:|---|---|---|',
      ...columns.map(
        (c) =>
          `| ${cell(c.header)} | ${c.required ? '○' : ''} | ${cell(c.format)} | ${cell(c.description)} | ${c.example ? `\`${cell(c.example)}\`` : ''} |`,
      ),
    ].join('\n');
  }).join('\n\n');
}

const EXAMPLE = [
  '記録ID,日付,事業者コード,種別,区分,件数,金額(千円),担当者,備考',
  'S-1,2024/13/1,A0001,課題解決,,0,,佐藤,',
  'S-2,R6.4.2,A0001,補助金申請,持続化補助金,1,"1,500",佐藤,"申請書を確認',
  '（2回目）"',
  'S-3,R6.4.3,A0002,,,1,1.2万,,',
  'S-2,R6.4.4,A0003,施策提案,,1,,,',
  'S-5,45383,A0003,課題解決,,1,,,',
  'S-6,R6.4.6,A0003,課題解決,,1,,',
  'S-7,令和6年4月7日,A0004,課題解決,,,,,',
].join('\n');

function errorExample(): string {
  const { issues } = parseImportFile({ kind: 'support', bytes: new TextEncoder().encode(EXAMPLE) });
  return ['```csv', EXAMPLE, '```', '', '```text', ...issues.map(formatImportIssue), '```'].join('\n');
}

const markers = (name: string) => new RegExp(`(<!-- BEGIN GENERATED: ${name} -->)\\n?([\\s\\S]*?)\\n?(<!-- END GENERATED: ${name} -->)`);

function section(doc: string, name: string): string | undefined {
  return markers(name).exec(doc)?.[2];
}

function replaceSection(doc: string, name: string, body: string): string {
  return doc.replace(markers(name), (_, begin: string, _old: string, end: string) => `${begin}\n${body}\n${end}`);
}

/** Tables compared without the padding a formatter adds: `| a   |  ○   |` is `| a | ○ |`, `| :--: |` is `| :-: |`. */
function canonical(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) => {
      if (!line.startsWith('|')) return line;
      const cells = line
        .slice(1, line.endsWith('|') ? -1 : undefined)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim());
      const separator = cells.every((c) => /^:?-+:?$/.test(c));
      const shown = separator ? cells.map((c) => (c.startsWith(':') && c.endsWith(':') ? ':-:' : c.endsWith(':') ? '--:' : '---')) : cells;
      return `| ${shown.join(' | ')} |`;
    })
    .join('\n');
}

describe('docs/import.md', () => {
  const generated = { columns: columnTables(), errors: errorExample() };
  if (process.env.UPDATE_DOCS) {
    let doc = readFileSync(DOC, 'utf8');
    for (const [name, body] of Object.entries(generated)) doc = replaceSection(doc, name, body);
    writeFileSync(DOC, doc);
  }
  const doc = canonical(readFileSync(DOC, 'utf8'));

  test.each(Object.entries(generated))('the generated section %s is up to date (UPDATE_DOCS=1 to rewrite it)', (name, body) => {
    expect(section(doc, name)).toBe(canonical(body));
  });

  test.each(IMPORT_KIND_IDS.flatMap((kind) => IMPORT_KINDS[kind].columns.map((c) => [IMPORT_KINDS[kind].name, c.header])))(
    '%s: 「%s」 is documented',
    (_, header) => {
      expect(doc).toContain(`| ${header} |`);
    },
  );

  test('the contract and the options are stated', () => {
    expect(doc).toContain('1行でも誤りがあれば何も書き込みません');
    expect(doc).toContain('--dry-run');
    for (const encoding of ['UTF-8', 'Shift_JIS', 'EUC-JP']) expect(doc).toContain(encoding);
  });
});
