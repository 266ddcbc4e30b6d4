import { jest } from '@jest/globals';
import type { Client } from 'graphql-ws';
import { request as httpRequest } from 'node:http';
import request from 'supertest';
import { AvailabilityService } from '../src/availability/availability.service';
import { HospitalsService } from '../src/hospitals/hospitals.service';
import { MetricsService } from '../src/health/metrics.service';
import { Watch, wsClient } from './support/live';
import { TestApp } from './support/test-app';

// Anonymous answers to the public availability and hospitals queries are replayed from memory
// in front of Apollo: they must be Apollo's answers, byte for byte, never older than a change
// this process has seen, limited like any anonymous request, and only for what may be kept.

const FIELDS = 'hospitalCode wardId wardName bedClass total available occupied reserved cleaning closed updatedAt';
const QUERY = `query($h: String) { availability(hospitalCode: $h) { ${FIELDS} } }`;
const BODY = JSON.stringify({ query: QUERY, variables: { h: 'RSUD-SKLERIK' } });
const LIMIT = 20;

interface Raw {
  status: number;
  /** Header names as sent, and their values. */
  headers: string[];
  body: string;
}

interface Row {
  wardId: string;
  bedClass: string;
  available: number;
  reserved: number;
}

describe('public GraphQL answers replayed from memory', () => {
  let t: TestApp;
  let admin: string;
  let client: Client;
  let address = 0;
  /** Each test counts against the anonymous limit from an address of its own. */
  const newAddress = () => `203.0.113.${++address}`;

  beforeAll(async () => {
    t = await TestApp.start({ TRUST_PROXY: '1', RATE_LIMIT_ANONYMOUS_PER_MINUTE: String(LIMIT) });
    admin = await t.adminToken();
    client = wsClient(t.baseUrl);
  });
  afterAll(async () => {
    await client?.dispose();
    await t?.close();
  });

  /** A POST over a socket of its own, with the response's header block as it came. */
  const post = (body: string, headers: Record<string, string>): Promise<Raw> =>
    new Promise((resolve, reject) => {
      const req = httpRequest(`${t.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.rawHeaders, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  const withoutDate = (raw: Raw) => raw.headers.filter((_, i, all) => all[i - (i % 2)] !== 'Date');
  const header = (raw: Raw, name: string) => raw.headers[raw.headers.findIndex((h, i) => i % 2 === 0 && h.toLowerCase() === name) + 1];
  const count = async (outcome: string) =>
    (await t.app.get(MetricsService).graphqlAnswerCache.get()).values.find((v) => v.labels.outcome === outcome)?.value ?? 0;

  it("answers a repeated request from memory with Apollo's answer, byte for byte, headers included", async () => {
    const ip = newAddress();
    const same = { 'x-forwarded-for': ip, 'x-request-id': 'same-id' };
    const first = await post(BODY, same);
    expect(first.status).toBe(200);
    expect((JSON.parse(first.body) as { data: { availability: Row[] } }).data.availability.length).toBeGreaterThan(0);
    const reads = jest.spyOn(t.app.get(AvailabilityService), 'cached');
    const hits = await count('hit');
    try {
      const again = await post(BODY, same);
      // The variables in another order are the same request.
      const reordered = await post(JSON.stringify({ variables: { h: 'RSUD-SKLERIK' }, query: QUERY }), same);
      expect(reads).not.toHaveBeenCalled();
      expect(await count('hit')).toBe(hits + 2);
      for (const answer of [again, reordered]) {
        expect(answer.status).toBe(200);
        expect(answer.body).toBe(first.body);
        expect(withoutDate(answer)).toEqual(withoutDate(first));
      }
      // What helmet sets and what Apollo and Express set, on the replayed answer.
      expect(header(again, 'content-type')).toBe('application/json; charset=utf-8');
      expect(header(again, 'content-security-policy')).toContain("default-src 'self'");
      expect(header(again, 'x-content-type-options')).toBe('nosniff');
      expect(header(again, 'x-frame-options')).toBe('DENY');
      expect(header(again, 'content-length')).toBe(String(Buffer.byteLength(first.body)));
      expect(header(again, 'x-request-id')).toBe('same-id');
      // Each request keeps its own id.
      expect(header(await post(BODY, { 'x-forwarded-for': ip }), 'x-request-id')).not.toBe('same-id');
    } finally {
      reads.mockRestore();
    }
    // Apollo negotiates the content type on Accept: another Accept is another entry.
    const accept = { 'x-forwarded-for': ip, accept: 'application/graphql-response+json' };
    const negotiated = await post(BODY, accept);
    expect(header(negotiated, 'content-type')).toBe('application/graphql-response+json; charset=utf-8');
    expect(header(await post(BODY, accept), 'content-type')).toBe('application/graphql-response+json; charset=utf-8');
  });

  it('answers with the new counts once the change has come through the feed', async () => {
    const ip = { 'x-forwarded-for': newAddress() };
    const rows = (): Promise<Row[]> => post(BODY, ip).then((r) => (JSON.parse(r.body) as { data: { availability: Row[] } }).data.availability);
    const row = (await rows()).find((r) => r.available >= 1)!;
    const w = new Watch<{ availabilityChanged: Row }>(
      client,
      `subscription($w: ID, $c: BedClass) { availabilityChanged(wardId: $w, bedClass: $c) { wardId bedClass available reserved } }`,
      { w: row.wardId, c: row.bedClass },
    );
    await w.until((x) => x.data.length === 1, 'the first state');
    const hits = await count('hit');
    expect((await rows()).find((r) => r.wardId === row.wardId && r.bedClass === row.bedClass)).toEqual(row);
    expect(await count('hit')).toBe(hits + 1);
    const bed = (
      await t.gql<{ beds: { edges: { node: { id: string; version: number } }[] } }>(
        `query($w: ID!, $c: BedClass) { beds(filter: { wardId: $w, bedClass: $c, status: AVAILABLE }, first: 1) { edges { node { id version } } } }`,
        { w: row.wardId, c: row.bedClass },
        admin,
      )
    ).data!.beds.edges[0].node;
    const changed = await t.gql(
      `mutation($i: ChangeBedStatusInput!) { changeBedStatus(input: $i) { version } }`,
      { i: { bedId: bed.id, expectedVersion: bed.version, status: 'RESERVED', reason: 'uji' } },
      admin,
    );
    expect(changed.errors).toBeUndefined();
    await w.until((x) => x.data.length === 2, 'the change');
    const after = (await rows()).find((r) => r.wardId === row.wardId && r.bedClass === row.bedClass)!;
    expect(after).toMatchObject({ available: row.available - 1, reserved: row.reserved + 1 });
    w.close();
  });

  it('answers hospitals from memory until a setup change has come through', async () => {
    const ip = { 'x-forwarded-for': newAddress() };
    const body = JSON.stringify({ query: '{ hospitals { id code phone wards { name } } }' });
    const first = await post(body, ip);
    const [hospital] = (JSON.parse(first.body) as { data: { hospitals: { id: string; code: string; phone: string }[] } }).data.hospitals;
    const w = new Watch<{ hospitalChanged: { phone: string } }>(client, `subscription($c: String!) { hospitalChanged(code: $c) { phone } }`, {
      c: hospital.code,
    });
    await w.until((x) => x.data.length === 1, 'the first state');
    const reads = jest.spyOn(t.app.get(HospitalsService), 'hospitals');
    try {
      expect((await post(body, ip)).body).toBe(first.body);
      expect(reads).not.toHaveBeenCalled();
      const phone = hospital.phone === '0380-111' ? '0380-222' : '0380-111';
      const res = await t.gql(`mutation($i: UpdateHospitalInput!) { updateHospital(input: $i) { phone } }`, { i: { id: hospital.id, phone } }, admin);
      expect(res.errors).toBeUndefined();
      await w.until((x) => x.data.length === 2, 'the change');
      expect((await post(body, ip)).body).toContain(`"phone":"${phone}"`);
      expect(reads).toHaveBeenCalledTimes(1);
    } finally {
      reads.mockRestore();
      w.close();
    }
  });

  it('leaves requests with an Authorization header to Apollo, whatever the header says', async () => {
    const ip = newAddress();
    const kept = await post(BODY, { 'x-forwarded-for': ip });
    const reads = jest.spyOn(t.app.get(AvailabilityService), 'cached');
    const counted = { hit: await count('hit'), miss: await count('miss') };
    try {
      const staff = await post(BODY, { 'x-forwarded-for': ip, authorization: `Bearer ${admin}` });
      const forged = await post(BODY, { 'x-forwarded-for': ip, authorization: 'Bearer not-a-token' });
      expect(staff.body).toBe(kept.body);
      expect(reads).toHaveBeenCalledTimes(1);
      // Apollo refuses a token that does not verify, even for a public field: the kept answer would be wrong.
      expect((JSON.parse(forged.body) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect({ hit: await count('hit'), miss: await count('miss') }).toEqual(counted);
    } finally {
      reads.mockRestore();
    }
  });

  it('never keeps an answer with errors, nor a mutation', async () => {
    const ip = { 'x-forwarded-for': newAddress() };
    const hits = await count('hit');
    const invalid = JSON.stringify({ query: '{ availability { nope } }' });
    const badId = JSON.stringify({ query: '{ availability(wardId: "not-a-uuid") { wardId } }' });
    for (const body of [invalid, badId]) {
      const answers = [await post(body, ip), await post(body, ip)];
      for (const a of answers) expect(JSON.parse(a.body)).toHaveProperty('errors');
    }
    const login = JSON.stringify({
      query: 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }',
      variables: { u: 'admin', p: 'admin-password-1' },
    });
    const tokens = [await post(login, ip), await post(login, ip)].map((r) => (JSON.parse(r.body) as { data: { login: { token: string } } }).data.login.token);
    expect(tokens[0]).not.toBe(tokens[1]);
    expect(await count('hit')).toBe(hits);
  });

  /** The same POST with its body sent in chunks (no Content-Length), which the front door leaves to Express's body parser. */
  const postChunked = (body: string, headers: Record<string, string>): Promise<Raw> =>
    new Promise((resolve, reject) => {
      const req = httpRequest(`${t.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.rawHeaders, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.write(body.slice(0, 1));
      req.end(body.slice(1));
    });
  const httpCount = async (status: string) =>
    (await t.app.get(MetricsService).httpRequests.get()).values.find(
      (v) => v.labels.route === '/graphql' && v.labels.method === 'POST' && v.labels.status === status,
    )?.value ?? 0;

  it('counts an answer from memory once in the HTTP metrics and the limit, like any request', async () => {
    const ip = { 'x-forwarded-for': newAddress() };
    await post(BODY, ip);
    const [hits, ok] = [await count('hit'), await httpCount('200')];
    for (let i = 0; i < 3; i++) expect((await post(BODY, ip)).status).toBe(200);
    expect(await count('hit')).toBe(hits + 3);
    expect(await httpCount('200')).toBe(ok + 3);
    // The same request in chunks goes through Express and gets the same answer from memory.
    const chunked = await postChunked(BODY, ip);
    expect(chunked.status).toBe(200);
    expect(chunked.body).toBe((await post(BODY, ip)).body);
    expect(await count('hit')).toBe(hits + 5);
  });

  it.each([
    ['not JSON', '{"query": "{ availability {'],
    ['a JSON string', '"{ availability { total } }"'],
    ['a JSON number', '42'],
    ['an empty object', '{}'],
    ['a batch', JSON.stringify([{ query: QUERY }])],
    ['a byte-order mark before the object', `\ufeff${BODY}`],
  ])('answers a body that is %s as the body parser does', async (_name, body) => {
    const ip = { 'x-forwarded-for': newAddress() };
    const [whole, chunked] = [await post(body, ip), await postChunked(body, ip)];
    expect(whole.status).toBe(chunked.status);
    const outcome = (raw: Raw) => {
      const answer = JSON.parse(raw.body) as { data?: unknown; errors?: { message: string; extensions: { code: string } }[] };
      return answer.errors ? { code: answer.errors[0].extensions.code, json: /not valid JSON/.test(answer.errors[0].message) } : { data: answer.data };
    };
    expect(outcome(whole)).toEqual(outcome(chunked));
  });

  it('goes on serving after a request that breaks off in its body', async () => {
    const ip = newAddress();
    await new Promise<void>((resolve) => {
      const req = httpRequest(`${t.baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(BODY.length), 'x-forwarded-for': ip },
      });
      req.on('error', () => resolve());
      req.write(BODY.slice(0, 10), () => setTimeout(() => req.destroy(), 50));
      req.on('close', () => resolve());
    });
    const after = await post(BODY, { 'x-forwarded-for': ip });
    expect(after.status).toBe(200);
    expect((JSON.parse(after.body) as { data: { availability: Row[] } }).data.availability.length).toBeGreaterThan(0);
  });

  it('refuses over the anonymous limit with RATE_LIMITED, answers from memory or not', async () => {
    const ip = { 'x-forwarded-for': newAddress() };
    const hits = await count('hit');
    const answers: Raw[] = [];
    for (let i = 0; i < LIMIT + 3; i++) answers.push(await post(BODY, ip));
    expect(answers.slice(0, LIMIT).map((a) => a.status)).toEqual(Array<number>(LIMIT).fill(200));
    // The first is a miss unless an earlier test left the answer in memory.
    expect(await count('hit')).toBeGreaterThanOrEqual(hits + LIMIT - 1);
    expect(await count('hit')).toBeLessThanOrEqual(hits + LIMIT);
    for (const refused of answers.slice(LIMIT)) {
      expect(refused.status).toBe(429);
      expect(Number(header(refused, 'retry-after'))).toBeGreaterThan(0);
      expect((JSON.parse(refused.body) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('RATE_LIMITED');
    }
    // Another address is not refused.
    expect((await request(t.http).post('/graphql').set('x-forwarded-for', newAddress()).set('content-type', 'application/json').send(BODY)).status).toBe(200);
  });
});
