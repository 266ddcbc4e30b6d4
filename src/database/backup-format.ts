import { BackupError } from './backup-error';

/**
 * The COPY backup archive, before gzip:
 *
 *   "SIRANAP-COPY\n"
 *   u32 length, header JSON (CopyHeader)
 *   for each table of header.tables, in that order:
 *     frames of u32 length + COPY text data (length > 0), then u32 0, then the SHA-256 of the data
 *   "SIRANAP-END\n"
 *
 * Lengths are big-endian. The tables are in an order where a table comes after the tables its
 * foreign keys point to, so a restore loads them as they come.
 */
export const COPY_MAGIC = Buffer.from('SIRANAP-COPY\n');
export const COPY_END = Buffer.from('SIRANAP-END\n');
export const COPY_FORMAT = 'siranap-copy';
export const COPY_FORMAT_VERSION = 1;
/** A frame is at most this long; a longer length can only be damage. */
export const MAX_FRAME = 1 << 20;
const MAX_HEADER = 16 << 20;
const DIGEST_BYTES = 32;

export interface CopyTable {
  name: string;
  columns: string[];
  rows: number;
}

export interface CopyHeader {
  format: typeof COPY_FORMAT;
  version: number;
  createdAt: string;
  serverVersion: string;
  database: string;
  schema: 'public';
  /** The migrations table of the backed-up database, in the order they ran. */
  migrations: { timestamp: number; name: string }[];
  lastMigration: string;
  tables: CopyTable[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** The header as read from an archive, checked field by field; anything else is refused. */
export function parseCopyHeader(value: unknown): CopyHeader {
  const bad = (what: string) => new BackupError(`the backup's header is not valid (${what}): the file is damaged or not a SI-RANAP backup`);
  if (!isObject(value)) throw bad('not an object');
  if (value.format !== COPY_FORMAT) throw bad('format');
  if (value.version !== COPY_FORMAT_VERSION) {
    throw new BackupError(
      `the backup has format version ${String(value.version)}; this SI-RANAP reads version ${COPY_FORMAT_VERSION}: restore it with the version that made it or a newer one`,
    );
  }
  for (const key of ['createdAt', 'serverVersion', 'database', 'lastMigration'] as const) {
    if (typeof value[key] !== 'string') throw bad(key);
  }
  if (value.schema !== 'public') throw bad('schema');
  const migrations = value.migrations;
  if (!Array.isArray(migrations) || migrations.length === 0) throw bad('migrations');
  for (const m of migrations) if (!isObject(m) || typeof m.name !== 'string' || !isCount(m.timestamp)) throw bad('migrations');
  if ((migrations[migrations.length - 1] as { name: string }).name !== value.lastMigration) throw bad('lastMigration');
  const tables = value.tables;
  if (!Array.isArray(tables)) throw bad('tables');
  const names = new Set<string>();
  for (const t of tables) {
    if (!isObject(t) || typeof t.name !== 'string' || t.name === '' || names.has(t.name)) throw bad('tables');
    if (!Array.isArray(t.columns) || t.columns.length === 0 || !t.columns.every((c) => typeof c === 'string' && c !== '')) throw bad(`columns of ${t.name}`);
    if (!isCount(t.rows)) throw bad(`rows of ${t.name}`);
    names.add(t.name);
  }
  return value as unknown as CopyHeader;
}

/**
 * How many of the code's migrations (in order) bring an empty database to the backup's schema.
 * The backup's migrations must be exactly the first ones of the code: a migration the code does
 * not know means the backup is from a newer version.
 */
export function migrationsToRun(backup: readonly string[], code: readonly string[]): number {
  for (let i = 0; i < backup.length; i++) {
    if (code[i] !== backup[i]) {
      const unknown = code.includes(backup[i]) ? `${backup[i]} (in another order)` : backup[i];
      throw new BackupError(
        `the backup was made at migration ${backup[backup.length - 1]}, and this SI-RANAP's migrations do not include ${unknown}: restore it with the version of SI-RANAP that made it, or a newer one`,
      );
    }
  }
  return backup.length;
}

/**
 * Tables ordered so that each comes after the tables its foreign keys reference (ties by name,
 * so the order is stable). A reference to itself does not count; a cycle is refused, since such
 * tables could not be loaded one after the other.
 */
export function loadOrder(tables: readonly string[], references: readonly { from: string; to: string }[]): string[] {
  const needs = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const r of references) if (r.from !== r.to && needs.has(r.from) && needs.has(r.to)) needs.get(r.from)!.add(r.to);
  const order: string[] = [];
  const placed = new Set<string>();
  while (order.length < tables.length) {
    const ready = [...needs.keys()].filter((t) => !placed.has(t) && [...needs.get(t)!].every((d) => placed.has(d))).sort();
    if (ready.length === 0) {
      throw new BackupError(
        `the foreign keys of ${[...needs.keys()].filter((t) => !placed.has(t)).join(', ')} form a cycle; they cannot be backed up table by table`,
      );
    }
    for (const t of ready) {
      order.push(t);
      placed.add(t);
    }
  }
  return order;
}

/** A PostgreSQL identifier, quoted. */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

/** Rows of COPY text data: every row ends in a newline, and newlines inside values are escaped. */
export function countRows(chunk: Buffer): number {
  let n = 0;
  for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) n++;
  return n;
}

/** Reads an archive's bytes as they come (from gunzip), exactly as many as asked for. */
export class ArchiveReader {
  private chunks: Buffer[] = [];
  private have = 0;

  constructor(private readonly source: AsyncIterator<Buffer>) {}

  async take(n: number, what: string): Promise<Buffer> {
    while (this.have < n) {
      const next = await this.next();
      if (next === null) throw new BackupError(`the backup ends in the middle of ${what}: the file is truncated`);
      this.chunks.push(next);
      this.have += next.length;
    }
    const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.have);
    const rest = all.subarray(n);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.have = rest.length;
    return all.subarray(0, n);
  }

  /** The header, after the leading magic. */
  async header(): Promise<CopyHeader> {
    if (!(await this.take(COPY_MAGIC.length, 'the header')).equals(COPY_MAGIC)) throw new BackupError('the file is gzip-compressed but not a SI-RANAP backup');
    const length = (await this.take(4, 'the header')).readUInt32BE();
    if (length === 0 || length > MAX_HEADER) throw new BackupError("the backup's header is damaged");
    let parsed: unknown;
    try {
      parsed = JSON.parse((await this.take(length, 'the header')).toString('utf8'));
    } catch (err) {
      if (err instanceof BackupError) throw err;
      throw new BackupError("the backup's header is damaged (not JSON)");
    }
    return parseCopyHeader(parsed);
  }

  /**
   * One table's data, frame by frame (each handed to `sink`); checks the frame lengths, the rows
   * against the header's count and the data against its digest.
   */
  async table(table: CopyTable, digest: () => { update(b: Buffer): unknown; digest(): Buffer }, sink: (data: Buffer) => Promise<void>): Promise<void> {
    const hash = digest();
    let rows = 0;
    for (;;) {
      const length = (await this.take(4, `the data of ${table.name}`)).readUInt32BE();
      if (length === 0) break;
      if (length > MAX_FRAME) throw new BackupError(`the backup is damaged in the data of ${table.name} (a frame of ${length} bytes)`);
      const data = await this.take(length, `the data of ${table.name}`);
      hash.update(data);
      rows += countRows(data);
      await sink(data);
    }
    const expected = await this.take(DIGEST_BYTES, `the data of ${table.name}`);
    if (!hash.digest().equals(expected)) throw new BackupError(`the backup is damaged: the data of ${table.name} does not match its checksum`);
    if (rows !== table.rows) throw new BackupError(`the backup is damaged: ${table.name} has ${rows} rows, its header says ${table.rows}`);
  }

  /** The end marker, and nothing after it (reading to the end also lets gunzip check its CRC). */
  async end(): Promise<void> {
    if (!(await this.take(COPY_END.length, 'the end marker')).equals(COPY_END))
      throw new BackupError('the backup is damaged: no end marker after the last table');
    if (this.have > 0 || (await this.next()) !== null) throw new BackupError('the backup is damaged: data after the end marker');
  }

  private async next(): Promise<Buffer | null> {
    try {
      for (;;) {
        const r = await this.source.next();
        if (r.done) return null;
        if (r.value.length > 0) return r.value;
      }
    } catch (err) {
      if (err instanceof BackupError) throw err;
      throw new BackupError(`the backup is damaged or truncated (${(err as Error).message})`);
    }
  }
}
