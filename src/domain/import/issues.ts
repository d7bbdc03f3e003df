/**
 * One problem found in an import file, for the user: where (line, column) and what, in
 * Japanese. Line numbers are those of the file as a text editor shows them: the header is
 * line 1, and a record whose quoted cell spans lines is reported at the line it starts on.
 */
export interface ImportIssue {
  /** 1-based line where the record starts; null for the file as a whole. */
  line: number | null;
  /** The column's header as the kind defines it (e.g. 日付); null when no single column is at fault. */
  column: string | null;
  /** Japanese, names the column and says what was expected. */
  message: string;
}

/** Thrown by decodeCsvBytes for a file that is not CSV text at all; parseImportFile turns it into issues. */
export class ImportFileError extends Error {
  readonly issues: readonly ImportIssue[];

  constructor(issues: readonly ImportIssue[]) {
    super(issues.map((i) => i.message).join('\n'));
    this.name = 'ImportFileError';
    this.issues = issues;
  }
}

/** `3行目 日付: …` — one issue as a line of text, for the CLI and logs. */
export function formatImportIssue(issue: ImportIssue): string {
  return issue.line === null ? issue.message : `${issue.line}行目 ${issue.message}`;
}

/** Sorted by line, file-wide issues first; the order within a line is kept (the sort is stable). */
export function sortIssues(issues: readonly ImportIssue[]): ImportIssue[] {
  return [...issues].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}
