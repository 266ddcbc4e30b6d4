import { generateKeyPairSync } from 'node:crypto';
import {
  applyLines,
  checkFundOpenFor,
  holdExpired,
  isBalanced,
  LedgerRuleError,
  nextStatus,
  openingLines,
  verifyLines,
  type FundBalances,
} from './claim-rules';
import { detectDocumentType, documentRefusal, MAX_DOCUMENT_BYTES } from './document-type';
import { duplicateReasons, type DuplicateKey } from './duplicates';
import { ExportVerifier, type ExportEntry, type ExportRecord } from './export-verifier';
import { completedMonths, fiscalYearOf, fiscalYearStart, monthOf, parseCalendarDate, witaDateTime } from './fiscal-calendar';
import { entryHash, GENESIS_HASH } from './hash-chain';
import { signSeal, verifySeal, type SealContent } from './seal';

const code = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    if (err instanceof LedgerRuleError) return err.code;
    throw err;
  }
  return 'none';
};

describe('partial verification', () => {
  it('verifying less than held gives exactly the rest back in one balanced posting', () => {
    const lines = verifyLines(25_000_000n, 18_000_000n);
    expect(isBalanced(lines)).toBe(true);
    const b = applyLines({ available: 100n, held: 25_000_000n, paid: 0n }, lines);
    expect(b).toEqual({ available: 7_000_100n, held: 18_000_000n, paid: 0n });
  });
  it('verifying the whole hold moves no money; more than held or nothing is refused', () => {
    expect(verifyLines(10n, 10n)).toEqual([]);
    expect(code(() => verifyLines(10n, 11n))).toBe('BAD_USER_INPUT');
    expect(code(() => verifyLines(10n, 0n))).toBe('BAD_USER_INPUT');
  });
  it('a hold expires from HELD only, and only once it is old enough (fractional days)', () => {
    expect(nextStatus('HELD', 'EXPIRE')).toBe('EXPIRED');
    expect(code(() => nextStatus('VERIFIED', 'EXPIRE'))).toBe('INVALID_TRANSITION');
    const heldAt = new Date('2025-03-01T00:00:00Z');
    expect(holdExpired(heldAt, new Date('2025-03-01T00:00:01Z'), 2 / 86400)).toBe(false);
    expect(holdExpired(heldAt, new Date('2025-03-01T00:00:02Z'), 2 / 86400)).toBe(true);
  });
  it('a closed fund takes refunds only', () => {
    const closed = new Date('2026-01-10T00:00:00Z');
    expect(code(() => checkFundOpenFor('REFUND', closed, 2025))).toBe('none');
    for (const kind of ['HOLD', 'PAY', 'VERIFY', 'RELEASE'] as const) expect(code(() => checkFundOpenFor(kind, closed, 2025))).toBe('INVALID_TRANSITION');
    expect(code(() => checkFundOpenFor('PAY', null, 2025))).toBe('none');
  });
});

describe('WITA calendar', () => {
  it('puts 31 December 16:30 UTC in the next WITA year and month', () => {
    expect(fiscalYearOf(new Date('2025-12-31T15:59:59Z'))).toBe(2025);
    expect(fiscalYearOf(new Date('2025-12-31T16:00:00Z'))).toBe(2026);
    expect(fiscalYearStart(2025).toISOString()).toBe('2024-12-31T16:00:00.000Z');
    expect(monthOf(new Date('2025-06-30T16:00:00Z'))).toBe('2025-07');
    expect(witaDateTime(new Date('2025-06-30T16:00:05Z'))).toBe('2025-07-01 00:00:05');
  });
  it('lists the months ended before now, at midnight WITA', () => {
    const months = completedMonths(new Date('2025-11-20T00:00:00Z'), new Date('2026-01-31T16:00:00Z'));
    expect(months.map((m) => m.period)).toEqual(['2025-11', '2025-12', '2026-01']);
    expect(months[2].end.toISOString()).toBe('2026-01-31T16:00:00.000Z');
    expect(completedMonths(new Date('2025-11-20T00:00:00Z'), new Date('2025-11-30T15:59:59Z'))).toEqual([]);
  });
  it('accepts only real calendar dates', () => {
    expect(parseCalendarDate('2025-02-28')).toBe('2025-02-28');
    for (const bad of ['2025-02-30', '2025-13-01', '25-01-01', '2025-1-1', '']) expect(parseCalendarDate(bad)).toBeNull();
  });
});

describe('duplicate flags', () => {
  const base: DuplicateKey = {
    id: 'a',
    nik: '5371010101010001',
    medicalRecordNumber: 'RM-1',
    admissionId: 'adm-1',
    createdAt: new Date('2025-03-01T00:00:00Z'),
  };
  it('flags the same NIK or record number in the same admission or within the window', () => {
    expect(duplicateReasons(base, { ...base, id: 'b' }, 30)).toEqual(['SAME_NIK', 'SAME_RECORD_NUMBER', 'SAME_ADMISSION', 'WITHIN_WINDOW']);
    const later = { ...base, id: 'c', medicalRecordNumber: 'RM-2', admissionId: null, createdAt: new Date('2025-03-20T00:00:00Z') };
    expect(duplicateReasons(base, later, 30)).toEqual(['SAME_NIK', 'WITHIN_WINDOW']);
    expect(duplicateReasons(base, later, 10)).toEqual([]);
  });
  it('never flags a claim against itself or another patient', () => {
    expect(duplicateReasons(base, base, 30)).toEqual([]);
    expect(duplicateReasons(base, { ...base, id: 'd', nik: null, medicalRecordNumber: 'RM-9' }, 30)).toEqual([]);
    expect(duplicateReasons({ ...base, nik: null }, { ...base, id: 'e', nik: null, medicalRecordNumber: 'RM-9' }, 30)).toEqual([]);
  });
});

describe('document types from the content', () => {
  it('knows PDF, PNG and JPEG by their first bytes, whatever the name', () => {
    expect(detectDocumentType(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf');
    expect(detectDocumentType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
    expect(detectDocumentType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(detectDocumentType(Buffer.from('GIF89a'))).toBeNull();
    expect(detectDocumentType(Buffer.from('%PD'))).toBeNull();
  });
  it('refuses empty, too large and other files', () => {
    expect(documentRefusal(Buffer.alloc(0))).toMatch(/empty/);
    const big = Buffer.alloc(MAX_DOCUMENT_BYTES + 1);
    big.write('%PDF-');
    expect(documentRefusal(big)).toMatch(/5 MB/);
    expect(documentRefusal(Buffer.from('<html>'))).toMatch(/PDF, JPEG or PNG/);
    expect(documentRefusal(Buffer.from('%PDF-1.4'))).toBeNull();
  });
});

describe('seals and the offline export check', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const other = generateKeyPairSync('ed25519');
  const fundId = '11111111-1111-4111-8111-111111111111';

  function journal(): ExportRecord[] {
    const records: ExportRecord[] = [{ type: 'fund', fundId, name: 'Dana', fiscalYear: 2025, ceiling: '1000', closedAt: null }];
    let prev = GENESIS_HASH;
    let b: FundBalances = { available: 0n, held: 0n, paid: 0n };
    const postings = [
      { kind: 'OPEN' as const, lines: openingLines(1000n), effectiveAt: '2024-12-31T16:00:00.000Z', documents: [] },
      {
        kind: 'HOLD' as const,
        lines: [
          { account: 'HELD' as const, debit: 300n, credit: 0n },
          { account: 'AVAILABLE' as const, debit: 0n, credit: 300n },
        ],
        effectiveAt: null,
        documents: [{ id: 'doc-1', sha256: 'ab'.repeat(32) }],
      },
      { kind: 'VERIFY' as const, lines: verifyLines(300n, 200n), effectiveAt: null, documents: [] },
    ];
    postings.forEach((p, i) => {
      const at = new Date(Date.UTC(2025, 0, 2 + i));
      const content = {
        fundId,
        seq: i + 1,
        kind: p.kind,
        claimId: null,
        actorId: null,
        at,
        lines: p.lines,
        prevHash: prev,
        effectiveAt: p.effectiveAt ? new Date(p.effectiveAt) : null,
        documents: p.documents,
      };
      const hash = entryHash(content);
      b = applyLines(b, p.lines);
      const entry: ExportEntry = {
        type: 'entry',
        id: String(i + 10),
        fundId,
        seq: i + 1,
        kind: p.kind,
        claimId: null,
        actorId: null,
        at: at.toISOString(),
        effectiveAt: p.effectiveAt,
        prevHash: prev,
        hash,
        lines: p.lines.map((l) => ({ account: l.account, debit: l.debit.toString(), credit: l.credit.toString() })),
        documents: p.documents,
      };
      records.push(entry);
      prev = hash;
    });
    const seal: SealContent = { fundId, period: '2025-01', headSeq: 3, headHash: prev, entryCount: 3, ...b, sealedAt: new Date('2025-02-01T00:00:00Z') };
    records.push({
      type: 'seal',
      fundId,
      period: seal.period,
      headSeq: 3,
      headHash: prev,
      entryCount: 3,
      available: b.available.toString(),
      held: b.held.toString(),
      paid: b.paid.toString(),
      sealedAt: seal.sealedAt.toISOString(),
      signature: signSeal(seal, privateKey),
    });
    return records;
  }
  const check = (records: ExportRecord[], heads: string[] = []) => {
    const v = new ExportVerifier(publicKey);
    records.forEach((r, i) => v.feedLine(JSON.stringify(r), i + 1));
    v.checkHeads(heads);
    return v.report();
  };
  const entry = (r: ExportRecord[], i: number) => r[i] as ExportEntry;

  it('signs and verifies a seal; another key or content fails', () => {
    const s: SealContent = {
      fundId,
      period: 'FY-2025',
      headSeq: 1,
      headHash: 'c'.repeat(64),
      entryCount: 1,
      available: 1n,
      held: 0n,
      paid: 0n,
      sealedAt: new Date(),
    };
    const sig = signSeal(s, privateKey);
    expect(verifySeal(s, sig, publicKey)).toBe(true);
    expect(verifySeal(s, sig, other.publicKey)).toBe(false);
    expect(verifySeal({ ...s, paid: 1n }, sig, publicKey)).toBe(false);
  });

  it('accepts a whole export and a published head on the chain', () => {
    const records = journal();
    expect(check(records, [entry(records, 2).hash])).toMatchObject({ valid: true, funds: 1, entries: 3, seals: 1, headsChecked: 1 });
  });

  it('names the entry whose amount was changed, a removed entry, a bad seal and a head not on the chain', () => {
    const changed = journal();
    entry(changed, 2).lines[0].debit = '301';
    expect(check(changed).problems[0].where).toBe(`entry 11 (fund ${fundId}, seq 2)`);

    const removed = journal();
    removed.splice(2, 1);
    expect(check(removed).problems[0]).toMatchObject({ where: `entry 12 (fund ${fundId}, seq 3)`, message: expect.stringMatching(/missing/) });

    const badSeal = journal();
    const seal = badSeal[4] as Extract<ExportRecord, { type: 'seal' }>;
    seal.signature = signSeal({ ...JSON.parse(JSON.stringify(seal)), available: 0n, held: 0n, paid: 0n, sealedAt: new Date() }, privateKey);
    expect(check(badSeal).problems[0]).toMatchObject({ where: `seal 2025-01 of fund ${fundId}`, message: expect.stringMatching(/signature/) });

    const heads = check(journal(), ['f'.repeat(64)]);
    expect(heads.valid).toBe(false);
    expect(heads.problems[0].where).toBe(`head ${'f'.repeat(64)}`);
  });

  it('a swapped document hash is a changed entry', () => {
    const records = journal();
    entry(records, 2).documents[0].sha256 = 'cd'.repeat(32);
    expect(check(records).problems[0].where).toBe(`entry 11 (fund ${fundId}, seq 2)`);
  });
});
