/** What a benchmark hands back to the runner for RESULTS.md. */
export interface Goal {
  goal: string;
  /** null: not measured in this run. */
  met: boolean | null;
  detail: string;
  /** What bounds the figure, as far as the profile and the design say. */
  limits: string;
}

export interface BenchReport {
  title: string;
  /** Markdown: how it was measured and the table(s). */
  markdown: string;
  goals: Goal[];
  /** One line for the summary at the top. */
  summary: string;
}

export interface BenchContext {
  quick: boolean;
  /** PostgreSQL server URL (a database of the server; each benchmark creates its own). */
  serverUrl: string;
  redisUrl: string | undefined;
  /** Unique per run, so Redis keys and databases of two runs never meet. */
  runTag: string;
}

export function table(header: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
