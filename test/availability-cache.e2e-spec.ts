import { jest } from '@jest/globals';
import type { Client } from 'graphql-ws';
import { BedsRepository } from '../src/beds/beds.repository';
import { TestApp } from './support/test-app';
import { Watch, wsClient } from './support/live';

// The public availability query is answered from a cache per filter that the live feed's
// changes drop: it must never answer with counts older than ones this process already sent.

interface Counts {
  wardId: string;
  bedClass: string;
  available: number;
  seq: string;
}
const FIELDS = 'wardId bedClass available seq';
const QUERY = `query($w: ID, $c: BedClass) { availability(wardId: $w, bedClass: $c) { ${FIELDS} } }`;
const SUB = `subscription($w: ID, $c: BedClass) { availabilityChanged(wardId: $w, bedClass: $c) { ${FIELDS} } }`;

describe('public availability from the cache the feed keeps current', () => {
  let t: TestApp;
  let admin: string;
  let client: Client;

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
    client = wsClient(t.baseUrl);
  });
  afterAll(async () => {
    await client?.dispose();
    await t?.close();
  });

  const query = async (variables: Record<string, unknown>) => {
    const res = await t.gql<{ availability: Counts[] }>(QUERY, variables);
    expect(res.errors).toBeUndefined();
    return res.data!.availability;
  };

  it('reads the database once per filter while nothing changes', async () => {
    const [ward] = await query({});
    const reads = jest.spyOn(t.app.get(BedsRepository), 'availabilityCounts');
    try {
      const vars = { w: ward.wardId, c: ward.bedClass };
      const answers: Counts[][] = await Promise.all([query(vars), query(vars), query(vars)]);
      answers.push(await query(vars), await query({ w: ward.wardId }));
      expect(reads).toHaveBeenCalledTimes(2);
      expect(answers[0]).toEqual(answers[3]);
    } finally {
      reads.mockRestore();
    }
  });

  it('never answers with a seq older than the one the subscription just delivered', async () => {
    const [ward] = (await query({})).filter((r) => r.available >= 1);
    const vars = { w: ward.wardId, c: ward.bedClass };
    const w = new Watch<{ availabilityChanged: Counts }>(client, SUB, vars);
    await w.until((x) => x.data.length === 1, 'the first state');
    const bed = (
      await t.gql<{ beds: { edges: { node: { id: string; version: number } }[] } }>(
        `query($w: ID!) { beds(filter: { wardId: $w, status: AVAILABLE }, first: 1) { edges { node { id version } } } }`,
        { w: ward.wardId },
        admin,
      )
    ).data!.beds.edges[0].node;
    for (let i = 0; i < 6; i++) {
      // Cached now: the answer stands until a change comes through the feed.
      expect(BigInt((await query(vars))[0].seq)).toBe(BigInt(w.data.at(-1)!.availabilityChanged.seq));
      const res = await t.gql<{ changeBedStatus: { version: number } }>(
        `mutation($i: ChangeBedStatusInput!) { changeBedStatus(input: $i) { version } }`,
        { i: { bedId: bed.id, expectedVersion: bed.version, status: i % 2 === 0 ? 'RESERVED' : 'AVAILABLE', reason: 'uji' } },
        admin,
      );
      bed.version = res.data!.changeBedStatus.version;
      await w.until((x) => x.data.length === i + 2, `change ${i + 1}`);
      const delivered = w.data.at(-1)!.availabilityChanged;
      const [answer] = await query(vars);
      expect(BigInt(answer.seq)).toBeGreaterThanOrEqual(BigInt(delivered.seq));
      expect(answer).toEqual(delivered);
    }
    w.close();
  });
});
