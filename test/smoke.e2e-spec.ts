import { TestApp } from './support/test-app';

describe('smoke', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('serves the seeded availability', async () => {
    const res = await t.gql<{ availability: { total: number }[] }>(`{ availability(hospitalCode: "RSUD-SKLERIK") { total } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.availability.reduce((n, r) => n + r.total, 0)).toBe(148);
  });
});
