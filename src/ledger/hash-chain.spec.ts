import { canonicalEntry, ChainVerifier, entryHash, GENESIS_HASH, type ChainEntry } from './hash-chain';

function chain(n: number): ChainEntry[] {
  const out: ChainEntry[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const content = {
      fundId: 'f1',
      seq: i,
      kind: i === 1 ? ('OPEN' as const) : ('HOLD' as const),
      claimId: i === 1 ? null : `c${i}`,
      actorId: null,
      at: new Date(Date.UTC(2025, 0, 1, 0, 0, i)),
      lines: [
        { account: 'HELD' as const, debit: BigInt(i) * 1000n, credit: 0n },
        { account: 'AVAILABLE' as const, debit: 0n, credit: BigInt(i) * 1000n },
      ],
      prevHash: prev,
    };
    const hash = entryHash(content);
    out.push({ ...content, id: String(i), hash });
    prev = hash;
  }
  return out;
}

function verify(entries: ChainEntry[]) {
  const v = new ChainVerifier();
  entries.forEach((e) => v.feed(e));
  return v.report();
}

describe('hash chain', () => {
  it('hashes the same content the same way whatever the line order', () => {
    const [e] = chain(1);
    const reordered = { ...e, lines: [...e.lines].reverse() };
    expect(canonicalEntry(reordered)).toBe(canonicalEntry(e));
    expect(entryHash(e)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('accepts an intact chain and reports its head', () => {
    const entries = chain(5);
    expect(verify(entries)).toEqual({ valid: true, entriesChecked: 5, headHash: entries[4].hash, firstBrokenEntryId: null });
    expect(verify([])).toEqual({ valid: true, entriesChecked: 0, headHash: GENESIS_HASH, firstBrokenEntryId: null });
  });

  it('names the first entry whose amount was changed', () => {
    const entries = chain(5);
    entries[2] = {
      ...entries[2],
      lines: [
        { ...entries[2].lines[0], debit: 1n },
        { ...entries[2].lines[1], credit: 1n },
      ],
    };
    expect(verify(entries)).toMatchObject({ valid: false, firstBrokenEntryId: '3', entriesChecked: 5 });
  });

  it('names an entry whose hash was recomputed after a change (its successor no longer links)', () => {
    const entries = chain(4);
    const forged = { ...entries[1], claimId: 'other' };
    entries[1] = { ...forged, hash: entryHash(forged) };
    expect(verify(entries).firstBrokenEntryId).toBe('3');
  });

  it('notices a removed entry', () => {
    const entries = chain(4);
    entries.splice(1, 1);
    expect(verify(entries).firstBrokenEntryId).toBe('3');
  });
});
