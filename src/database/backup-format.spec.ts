import { createHash } from 'node:crypto';
import { ArchiveReader, COPY_END, COPY_MAGIC, countRows, ident, loadOrder, migrationsToRun, parseCopyHeader, u32, type CopyHeader } from './backup-format';

const header = (over: Partial<CopyHeader> = {}): CopyHeader => ({
  format: 'siranap-copy',
  version: 1,
  createdAt: '2025-01-01T02:00:00.000Z',
  serverVersion: '18.1',
  database: 'siranap',
  schema: 'public',
  migrations: [
    { timestamp: 1, name: 'A1' },
    { timestamp: 2, name: 'B2' },
  ],
  lastMigration: 'B2',
  tables: [{ name: 'beds', columns: ['id', 'status'], rows: 2 }],
  ...over,
});

function archive(h: unknown, data: Buffer, digest = createHash('sha256').update(data).digest()): Buffer {
  const json = Buffer.from(JSON.stringify(h));
  return Buffer.concat([COPY_MAGIC, u32(json.length), json, u32(data.length), data, u32(0), digest, COPY_END]);
}

/** A reader over `bytes` handed out in small, uneven chunks, as gunzip does. */
function reader(bytes: Buffer, chunk = 7): ArchiveReader {
  async function* chunks() {
    for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
  }
  return new ArchiveReader(chunks());
}

async function readAll(r: ArchiveReader): Promise<Buffer> {
  const h = await r.header();
  const out: Buffer[] = [];
  for (const t of h.tables)
    await r.table(
      t,
      () => createHash('sha256'),
      async (d) => void out.push(Buffer.from(d)),
    );
  await r.end();
  return Buffer.concat(out);
}

describe('COPY archive format', () => {
  const rows = Buffer.from('1\tAVAILABLE\n2\tline\\nbreak\n');

  it('reads back what was written, across chunk boundaries', async () => {
    for (const size of [1, 3, 7, 4096]) expect((await readAll(reader(archive(header(), rows), size))).equals(rows)).toBe(true);
  });

  it('refuses a truncated archive wherever it is cut', async () => {
    const whole = archive(header(), rows);
    for (const cut of [3, COPY_MAGIC.length + 2, 40, whole.length - 40, whole.length - 5]) {
      await expect(readAll(reader(whole.subarray(0, cut)))).rejects.toThrow(/truncated/);
    }
  });

  it('refuses data that does not match its checksum or its row count, and bytes after the end', async () => {
    const changed = Buffer.from(rows);
    changed[2] = 0x42;
    await expect(readAll(reader(archive(header(), changed, createHash('sha256').update(rows).digest())))).rejects.toThrow(/does not match its checksum/);
    await expect(readAll(reader(archive(header({ tables: [{ name: 'beds', columns: ['id'], rows: 3 }] }), rows)))).rejects.toThrow(
      /has 2 rows, its header says 3/,
    );
    await expect(readAll(reader(Buffer.concat([archive(header(), rows), Buffer.from('x')])))).rejects.toThrow(/after the end marker/);
  });

  it('reports a failing source (a gzip error) as a damaged backup', async () => {
    async function* failing(): AsyncGenerator<Buffer> {
      yield COPY_MAGIC;
      throw new Error('incorrect header check');
    }
    await expect(new ArchiveReader(failing()).header()).rejects.toThrow(/damaged or truncated \(incorrect header check\)/);
  });

  it('checks the header field by field', () => {
    expect(parseCopyHeader(JSON.parse(JSON.stringify(header())))).toEqual(header());
    expect(() => parseCopyHeader({ ...header(), version: 2 })).toThrow(/format version 2; this SI-RANAP reads version 1/);
    expect(() => parseCopyHeader({ ...header(), format: 'other' })).toThrow(/not valid \(format\)/);
    expect(() => parseCopyHeader({ ...header(), migrations: [] })).toThrow(/migrations/);
    expect(() => parseCopyHeader({ ...header(), lastMigration: 'A1' })).toThrow(/lastMigration/);
    expect(() => parseCopyHeader({ ...header(), tables: [{ name: 'beds', columns: [], rows: 1 }] })).toThrow(/columns of beds/);
    expect(() => parseCopyHeader({ ...header(), tables: [{ name: 'beds', columns: ['id'], rows: -1 }] })).toThrow(/rows of beds/);
    expect(() =>
      parseCopyHeader({
        ...header(),
        tables: [
          { name: 'a', columns: ['id'], rows: 1 },
          { name: 'a', columns: ['id'], rows: 1 },
        ],
      }),
    ).toThrow(/tables/);
    expect(() => parseCopyHeader([])).toThrow(/not an object/);
  });

  it("runs the code's migrations up to the backup's, and refuses one the code lacks or has in another order", () => {
    expect(migrationsToRun(['A1', 'B2'], ['A1', 'B2', 'C3'])).toBe(2);
    expect(migrationsToRun(['A1', 'B2', 'C3'], ['A1', 'B2', 'C3'])).toBe(3);
    expect(() => migrationsToRun(['A1', 'X9'], ['A1', 'B2'])).toThrow(/made at migration X9, and this SI-RANAP's migrations do not include X9/);
    expect(() => migrationsToRun(['B2', 'A1'], ['A1', 'B2'])).toThrow(/B2 \(in another order\)/);
    expect(() => migrationsToRun(['A1', 'B2', 'C3'], ['A1', 'B2'])).toThrow(/do not include C3/);
  });

  it('orders tables after the tables they reference, stable by name, and refuses a cycle', () => {
    const refs = [
      { from: 'wards', to: 'hospitals' },
      { from: 'beds', to: 'wards' },
      { from: 'bed_events', to: 'beds' },
      { from: 'beds', to: 'beds' },
    ];
    expect(loadOrder(['bed_events', 'beds', 'wards', 'hospitals', 'users'], refs)).toEqual(['hospitals', 'users', 'wards', 'beds', 'bed_events']);
    expect(() =>
      loadOrder(
        ['a', 'b', 'c'],
        [
          { from: 'a', to: 'b' },
          { from: 'b', to: 'a' },
        ],
      ),
    ).toThrow(/a, b form a cycle/);
  });

  it('quotes identifiers and counts COPY rows by their newlines', () => {
    expect(ident('beds')).toBe('"beds"');
    expect(ident('a"b')).toBe('"a""b"');
    expect(countRows(rows)).toBe(2);
    expect(countRows(Buffer.alloc(0))).toBe(0);
  });
});
