import type { NestExpressApplication } from '@nestjs/platform-express';
import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { entryHash, GENESIS_HASH } from '../src/ledger/hash-chain';
import { fiscalYearOf } from '../src/ledger/fiscal-calendar';
import { BALANCE, CLAIM, PAY, SUBMIT, VERIFY_LEDGER, claimInput, payVars, seededFundId, settled, startReplica, type ClaimView } from './ledger-support';
import { TestApp, errorCode } from './support/test-app';

// Holds that expire (worker restart, two workers), partial verification, SP2D, fiscal years,
// evidence documents in the chain, the journal export and the offline verifier, the exports.

const HOLD_SECONDS = 4;
const WORKER_ENV = { ROLE: 'worker', LEDGER_SWEEP_SECONDS: '1', CLAIM_HOLD_DAYS: String(HOLD_SECONDS / 86400) };
const VERIFY_PARTIAL = `mutation($id: ID!, $a: Rupiah) { verifyClaim(id: $id, amount: $a) { id status heldAmount verifiedAmount } }`;

describe('ledger: the fund as Kupang runs it', () => {
  let t: TestApp;
  let fundId: string;
  let admissions: string;
  let verifier: string;
  let finance: string;
  let auditor: string;
  const workers: NestExpressApplication[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'siranap-verify-'));

  beforeAll(async () => {
    // The api alone queues; workers are started and stopped by the tests.
    t = await TestApp.start({ ROLE: 'api', CLAIM_HOLD_DAYS: WORKER_ENV.CLAIM_HOLD_DAYS });
    const admin = await t.adminToken();
    [admissions, verifier, finance, auditor] = await Promise.all(['ADMISSIONS', 'VERIFIER', 'FINANCE', 'AUDITOR'].map((r) => t.userToken([r], [], admin)));
    fundId = await seededFundId(t);
    workers.push(await startReplica(t, WORKER_ENV));
  });
  afterAll(async () => {
    for (const w of workers) await w.close();
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const submit = async (overrides: Record<string, unknown> = {}) => {
    const res = await t.gql<{ submitClaim: ClaimView }>(SUBMIT, { i: claimInput(fundId, overrides) }, admissions);
    expect(res.errors).toBeUndefined();
    return res.data!.submitClaim.id;
  };

  it('a hold past CLAIM_HOLD_DAYS is released once, by the system with its reason, across a worker restart and with two workers', async () => {
    const id = await submit({ amount: '7000000' });
    expect(await settled(t, id)).toBe('HELD');
    // The worker that placed the hold stops before it runs out; two others take over.
    await workers.shift()!.close();
    workers.push(await startReplica(t, WORKER_ENV), await startReplica(t, WORKER_ENV));
    const until = Date.now() + 20_000;
    for (;;) {
      const [row]: { status: string }[] = await t.db.query(`SELECT status FROM claims WHERE id = $1`, [id]);
      if (row.status === 'EXPIRED') break;
      if (Date.now() > until) throw new Error(`claim still ${row.status}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    await new Promise((r) => setTimeout(r, 2500)); // more sweeps of both workers
    const [{ n }]: { n: number }[] = await t.db.query(`SELECT count(*)::int AS n FROM journal_entries WHERE claim_id = $1 AND kind = 'RELEASE'`, [id]);
    expect(n).toBe(1);
    const claim = (await t.gql<{ claim: ClaimView }>(CLAIM, { id }, auditor)).data!.claim;
    expect(claim).toMatchObject({ status: 'EXPIRED', heldAmount: '0' });
    expect(claim.history.filter((h) => h.action === 'EXPIRE')).toEqual([
      expect.objectContaining({
        fromStatus: 'HELD',
        toStatus: 'EXPIRED',
        amount: '7000000',
        actorUsername: 'ledger-worker',
        reason: expect.stringMatching(/CLAIM_HOLD_DAYS/),
      }),
    ]);
  });

  it('a partial verification releases exactly the rest; a second use of an SP2D number is refused', async () => {
    const [a, b] = [await submit({ amount: '5000000' }), await submit({ amount: '1000000' })];
    await settled(t, a);
    await settled(t, b);
    const before = (await t.gql<{ fundBalance: { available: string; held: string } }>(BALANCE, { f: fundId, at: null }, auditor)).data!.fundBalance;
    const v = await t.gql<{ verifyClaim: { heldAmount: string; verifiedAmount: string } }>(VERIFY_PARTIAL, { id: a, a: '3500000' }, verifier);
    expect(v.data!.verifyClaim).toMatchObject({ heldAmount: '3500000', verifiedAmount: '3500000' });
    const after = (await t.gql<{ fundBalance: { available: string; held: string } }>(BALANCE, { f: fundId, at: null }, auditor)).data!.fundBalance;
    expect(BigInt(after.available) - BigInt(before.available)).toBe(1_500_000n);
    expect(BigInt(before.held) - BigInt(after.held)).toBe(1_500_000n);
    await t.gql(VERIFY_PARTIAL, { id: b, a: null }, verifier);
    const slip = payVars(a, '3500000');
    expect((await t.gql<{ payClaim: ClaimView }>(PAY, slip, finance)).errors).toBeUndefined();
    const again = await t.gql(PAY, { ...payVars(b, '1000000'), n: slip.n }, finance);
    expect(errorCode(again)).toBe('DUPLICATE');
    expect(errorCode(await t.gql(PAY, { ...payVars(b, '1000000'), d: '2026-13-01' }, finance))).toBe('BAD_USER_INPUT');
  });

  it('a claim for the wrong fiscal year is refused naming the right one; the balance on 1 January is the ceiling', async () => {
    const year = fiscalYearOf(new Date());
    const open = await t.gql<{ openFund: { id: string } }>(
      `mutation($i: OpenFundInput!) { openFund(input: $i) { id } }`,
      { i: { name: 'Dana tahun depan', fiscalYear: year + 1, ceiling: '1000000' } },
      finance,
    );
    const res = await t.gql(SUBMIT, { i: claimInput(open.data!.openFund.id) }, admissions);
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].message).toContain(`fiscal year ${year}`);
    const jan1 = `${year}-01-01T00:00:00+08:00`;
    expect((await t.gql<{ fundBalance: { available: string } }>(BALANCE, { f: fundId, at: jan1 }, auditor)).data!.fundBalance.available).toBe('3000000000');
  });

  it('a document swapped in the database after it was recorded is named by verifyLedger', async () => {
    const id = await submit({ amount: '2000000' });
    expect(await settled(t, id)).toBe('HELD');
    const pdf = Buffer.from('%PDF-1.4\nresume medis IGD\n');
    const up = await request(t.baseUrl)
      .post(`/ledger/claims/${id}/documents?fileName=resume.pdf`)
      .set('authorization', `Bearer ${admissions}`)
      .set('content-type', 'application/pdf')
      .send(pdf);
    expect(up.status).toBe(201);
    const refused = await request(t.baseUrl)
      .post(`/ledger/claims/${id}/documents?fileName=x.pdf`)
      .set('authorization', `Bearer ${admissions}`)
      .set('content-type', 'application/pdf')
      .send(Buffer.from('GIF89a'));
    expect(refused.status).toBe(400);
    const dl = await request(t.baseUrl)
      .get(`/ledger/documents/${(up.body as { id: string }).id}`)
      .set('authorization', `Bearer ${verifier}`)
      .buffer(true);
    expect(dl.status).toBe(200);
    expect(
      (
        await request(t.baseUrl)
          .get(`/ledger/documents/${(up.body as { id: string }).id}`)
          .set('authorization', `Bearer ${admissions}`)
      ).status,
    ).toBe(403);
    // Uploaded after the hold: the claim's next posting (here the release of a rejection) records it.
    await t.gql(`mutation($id: ID!) { rejectClaim(id: $id, reason: "bukan kegawatdaruratan") { id } }`, { id }, verifier);
    expect((await t.gql<{ verifyLedger: { valid: boolean } }>(VERIFY_LEDGER, { f: fundId }, auditor)).data!.verifyLedger.valid).toBe(true);
    await t.db.query(`ALTER TABLE claim_documents DISABLE TRIGGER claim_documents_append_only`);
    await t.db.query(`UPDATE claim_documents SET content = $2 WHERE claim_id = $1`, [id, Buffer.from('%PDF-1.4\npalsu\n')]);
    await t.db.query(`ALTER TABLE claim_documents ENABLE TRIGGER claim_documents_append_only`);
    const [release]: { id: string }[] = await t.db.query(`SELECT id FROM journal_entries WHERE claim_id = $1 AND kind = 'RELEASE'`, [id]);
    expect(
      (await t.gql<{ verifyLedger: { valid: boolean; firstBrokenEntryId: string } }>(VERIFY_LEDGER, { f: fundId }, auditor)).data!.verifyLedger,
    ).toMatchObject({
      valid: false,
      firstBrokenEntryId: release.id,
    });
    // Put the original back so the later checks start from an intact ledger.
    await t.db.query(`ALTER TABLE claim_documents DISABLE TRIGGER claim_documents_append_only`);
    await t.db.query(`UPDATE claim_documents SET content = $2 WHERE claim_id = $1`, [id, pdf]);
    await t.db.query(`ALTER TABLE claim_documents ENABLE TRIGGER claim_documents_append_only`);
  });

  it('the CSV opens in columns with ; and a BOM, WITA dates and names; the XLSX has numbers and dates', async () => {
    const csv = await request(t.baseUrl).get(`/ledger/claims.csv?fundId=${fundId}&status=PAID`).set('authorization', `Bearer ${auditor}`).buffer(true);
    expect(csv.status).toBe(200);
    expect(csv.text.charCodeAt(0)).toBe(0xfeff);
    const [header, row] = csv.text.slice(1).split('\r\n');
    expect(header.split(';')).toEqual(
      expect.arrayContaining(['"gross_paid"', '"refunded"', '"net_paid"', '"sp2d_number"', '"verified_by"', '"paid_by"', '"ward"']),
    );
    expect(row).toMatch(/"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}"/);
    expect((await request(t.baseUrl).get(`/ledger/claims.csv?sep=,`).set('authorization', `Bearer ${auditor}`)).text.slice(1, 12)).toBe('"claim_id",');
    expect((await request(t.baseUrl).get(`/ledger/claims.csv?sep=|`).set('authorization', `Bearer ${auditor}`)).status).toBe(400);

    const xlsx = await request(t.baseUrl)
      .get(`/ledger/claims.xlsx?fundId=${fundId}&status=PAID`)
      .set('authorization', `Bearer ${finance}`)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(xlsx.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('Drawdowns')!;
    const headers = (sheet.getRow(1).values as string[]).slice(1);
    const cell = (name: string) => sheet.getRow(2).getCell(headers.indexOf(name) + 1);
    expect(cell('gross_paid').type).toBe(ExcelJS.ValueType.Number);
    expect(cell('paid_at').type).toBe(ExcelJS.ValueType.Date);
    expect(cell('sp2d_date').type).toBe(ExcelJS.ValueType.Date);
    expect((await request(t.baseUrl).get(`/ledger/claims.xlsx`).set('authorization', `Bearer ${verifier}`)).status).toBe(403);
  });

  it('the offline verifier accepts a fresh export and names a changed amount, a removed line, a bad seal, a head not on the chain and a rewritten database', async () => {
    // Closing the year seals it (claims in flight are settled first).
    const inFlight: { id: string; status: string }[] = await t.db.query(`SELECT id, status FROM claims WHERE fund_id = $1 AND status IN ('HELD', 'VERIFIED')`, [
      fundId,
    ]);
    for (const c of inFlight) await t.gql(`mutation($id: ID!) { rejectClaim(id: $id, reason: "tutup buku") { id } }`, { id: c.id }, verifier);
    const close = await t.gql<{ closeFund: { closedAt: string } }>(`mutation($f: ID!) { closeFund(fundId: $f) { closedAt } }`, { f: fundId }, finance);
    expect(close.errors).toBeUndefined();
    const key = await request(t.baseUrl).get('/ledger/public-key');
    expect(key.status).toBe(200);
    writeFileSync(join(dir, 'key.pem'), key.text);
    const exported = await request(t.baseUrl).get(`/ledger/export.jsonl?fundId=${fundId}`).set('authorization', `Bearer ${auditor}`).buffer(true);
    expect(exported.status).toBe(200);
    const lines = exported.text.trim().split('\n');
    const run = (text: string, heads: string[] = []) => {
      const file = join(dir, `e-${Math.random()}.jsonl`);
      writeFileSync(file, text);
      try {
        return {
          code: 0,
          out: execFileSync(
            'node',
            ['dist/src/ledger/ledger-verify-cli.js', file, '--public-key', join(dir, 'key.pem'), ...heads.flatMap((h) => ['--head', h])],
            { encoding: 'utf8' },
          ),
        };
      } catch (err) {
        return { code: (err as { status: number }).status, out: String((err as { stdout: string }).stdout) };
      }
    };
    const entries = lines.map(
      (l) => JSON.parse(l) as { type: string; id: string; hash: string; lines: { debit: string; credit: string }[]; signature: string },
    );
    const head = entries.filter((e) => e.type === 'entry').at(-1)!.hash;
    expect(run(exported.text, [head])).toMatchObject({ code: 0, out: expect.stringMatching(/^OK/) });

    const second = entries.findIndex((e) => e.type === 'entry' && e.lines.length > 0 && entries.indexOf(e) > 1);
    const changed = entries.map((e) => structuredClone(e));
    const line = changed[second].lines[0];
    if (line.debit !== '0') line.debit = String(BigInt(line.debit) + 1n);
    else line.credit = String(BigInt(line.credit) + 1n);
    expect(run(changed.map((e) => JSON.stringify(e)).join('\n'))).toMatchObject({ code: 1, out: expect.stringContaining(`entry ${entries[second].id} `) });
    expect(run(lines.filter((_, i) => i !== second).join('\n'))).toMatchObject({ code: 1, out: expect.stringMatching(/missing or out of order/) });
    const badSeal = entries.map((e) => (e.type === 'seal' ? { ...e, signature: Buffer.alloc(64).toString('base64') } : e));
    expect(run(badSeal.map((e) => JSON.stringify(e)).join('\n'))).toMatchObject({ code: 1, out: expect.stringMatching(/seal FY-\d{4}.*signature/) });
    expect(run(exported.text, ['ab'.repeat(32)])).toMatchObject({ code: 1, out: expect.stringContaining(`head ${'ab'.repeat(32)}`) });

    // Whoever controls the database changes an amount and rewrites the whole chain consistently:
    // the chain checks out on its own, but the published head is no longer on it.
    await t.db.query(`ALTER TABLE journal_lines DISABLE TRIGGER journal_lines_append_only`);
    await t.db.query(`ALTER TABLE journal_entries DISABLE TRIGGER journal_entries_append_only`);
    const pay: { id: string }[] = await t.db.query(`SELECT e.id FROM journal_entries e WHERE e.fund_id = $1 AND e.kind = 'PAY' ORDER BY seq LIMIT 1`, [fundId]);
    await t.db.query(`UPDATE journal_lines SET debit = debit + 1 WHERE entry_id = $1 AND debit > 0 AND account = 'PAID'`, [pay[0].id]);
    await t.db.query(`UPDATE journal_lines SET credit = credit + 1 WHERE entry_id = $1 AND credit > 0 AND account = 'HELD'`, [pay[0].id]);
    const rows: {
      id: string;
      seq: number;
      kind: never;
      claim_id: string | null;
      actor_id: string | null;
      at: Date;
      effective_at: Date | null;
      documents: { id: string; sha256: string }[] | null;
    }[] = await t.db.query(`SELECT id, seq, kind, claim_id, actor_id, at, effective_at, documents FROM journal_entries WHERE fund_id = $1 ORDER BY seq`, [
      fundId,
    ]);
    let prev = GENESIS_HASH;
    for (const r of rows) {
      const ls: { account: never; debit: string; credit: string }[] = await t.db.query(
        `SELECT account, debit::text, credit::text FROM journal_lines WHERE entry_id = $1`,
        [r.id],
      );
      const hash = entryHash({
        fundId,
        seq: r.seq,
        kind: r.kind,
        claimId: r.claim_id,
        actorId: r.actor_id,
        at: r.at,
        effectiveAt: r.effective_at,
        documents: r.documents ?? [],
        prevHash: prev,
        lines: ls.map((l) => ({ account: l.account, debit: BigInt(l.debit), credit: BigInt(l.credit) })),
      });
      await t.db.query(`UPDATE journal_entries SET prev_hash = $2, hash = $3 WHERE id = $1`, [r.id, prev, hash]);
      prev = hash;
    }
    await t.db.query(`ALTER TABLE journal_entries ENABLE TRIGGER journal_entries_append_only`);
    await t.db.query(`ALTER TABLE journal_lines ENABLE TRIGGER journal_lines_append_only`);
    const rewritten = await request(t.baseUrl).get(`/ledger/export.jsonl?fundId=${fundId}`).set('authorization', `Bearer ${auditor}`).buffer(true);
    const withoutSeals = rewritten.text
      .trim()
      .split('\n')
      .filter((l) => !l.includes('"type":"seal"'))
      .join('\n');
    expect(run(withoutSeals, [head])).toMatchObject({ code: 1, out: expect.stringContaining(`head ${head}`) });
    expect(run(rewritten.text)).toMatchObject({ code: 1, out: expect.stringMatching(/seal FY-\d{4}/) });
  });

  it('the public summary shows ceiling, paid, held, patients and the sealed head, without personal data', async () => {
    const res = await t.gql<{ fundTransparency: Record<string, unknown> }>(
      `query($y: Int) { fundTransparency(fiscalYear: $y) { fiscalYear ceiling paid held patientsHelped sealedHeadHash months { month paid held claimsPaid } } }`,
      { y: fiscalYearOf(new Date()) },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.fundTransparency).toMatchObject({
      ceiling: expect.any(String),
      patientsHelped: expect.any(Number),
      sealedHeadHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(JSON.stringify(res.data)).not.toMatch(/Pasien Uji|RM-/);
  });
});
