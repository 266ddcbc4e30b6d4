import request from 'supertest';
import { appBehindCuttableDatabase, type TcpProxy } from './support/tcp-proxy';
import { TestApp } from './support/test-app';

describe('PostgreSQL unreachable: temporary failures say they are temporary', () => {
  let t: TestApp;
  let proxy: TcpProxy;
  let close: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    ({ t, proxy, close } = await appBehindCuttableDatabase());
  });
  afterAll(async () => {
    await close?.();
  });

  it('a mutation is refused with SERVICE_UNAVAILABLE, 503 and Retry-After, changes nothing, and works again once the link is back', async () => {
    const admin = await t.adminToken();
    const bed = (await t.db.query(`SELECT id, version FROM beds WHERE status = 'AVAILABLE' ORDER BY code LIMIT 1`))[0] as { id: string; version: number };
    const change = () =>
      request(t.http)
        .post('/graphql')
        .set('authorization', `Bearer ${admin}`)
        .send({
          query: 'mutation($i: ChangeBedStatusInput!) { changeBedStatus(input: $i) { version } }',
          variables: { i: { bedId: bed.id, expectedVersion: bed.version, status: 'CLOSED' } },
        });

    await proxy.cut();
    for (const res of [await change(), await change()]) {
      // The first meets pooled connections that were cut, the second a refused connect.
      expect(res.status).toBe(503);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(res.body.errors).toHaveLength(1);
      expect(res.body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
      expect(res.body.errors[0].message).toMatch(/try again/i);
    }
    const query = await request(t.http).post('/graphql').send({ query: '{ availability(hospitalCode: "RSUD-SKLERIK") { available } }' });
    expect(query.status).toBe(503);
    expect(query.body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
    // A refusal that is not about the database keeps its own code and status.
    const bad = await request(t.http).post('/graphql').send({ query: '{ nope }' });
    expect(bad.status).not.toBe(503);
    expect(bad.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');

    await proxy.restore();
    let res = await change();
    for (let i = 0; i < 50 && res.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      res = await change();
    }
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    // Nothing was applied while the link was cut: this change is the bed's next version.
    expect(res.body.data.changeBedStatus.version).toBe(bed.version + 1);
  });
});
