import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { TestApp } from './support/test-app';

// CI fails when the committed schema.gql or the migrations no longer match the code.
describe('drift', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('schema.gql is the schema the code generates', () => {
    const generated = readFileSync(t.schemaFile, 'utf8');
    const committedPath = resolve('schema.gql');
    if (process.env.UPDATE_SCHEMA === '1') writeFileSync(committedPath, generated);
    const committed = readFileSync(committedPath, 'utf8');
    if (committed !== generated) {
      throw new Error('schema.gql differs from the schema the code generates; run `npm run schema:update` and commit schema.gql.');
    }
  });

  it('a migration generated against the migrated database would be empty', async () => {
    const sql = await t.db.driver.createSchemaBuilder().log();
    const pending = sql.upQueries.map((q) => q.query);
    expect(pending).toEqual([]);
  });

  it('bed history is append-only in the database itself', async () => {
    await expect(t.db.query(`UPDATE bed_events SET reason = 'edited'`)).rejects.toThrow(/append-only/);
    await expect(t.db.query(`DELETE FROM bed_events`)).rejects.toThrow(/append-only/);
  });
});
