#!/usr/bin/env node
// Fails when SQL names a table outside the folder that owns it: each table of migrations/ has
// one owner in src/, whose files alone read or write it (others ask the owner's service or
// repository). Looks for FROM, JOIN, INTO and UPDATE followed by a table name in the .ts files
// of src/ (upper-case keywords, as the service writes its SQL, so English prose is not taken
// for SQL).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The owner folder (under src/) of every table. A new table must be added here. */
const OWNERS = {
  hospitals: 'hospitals',
  wards: 'hospitals',
  rooms: 'hospitals',
  setup_audit: 'setup',
  beds: 'beds',
  bed_events: 'beds',
  admissions: 'beds',
  ward_availability: 'beds',
  waiting_list: 'beds',
  funds: 'ledger',
  claims: 'ledger',
  claim_events: 'ledger',
  journal_entries: 'ledger',
  journal_lines: 'ledger',
  claim_documents: 'ledger',
  ledger_seals: 'ledger',
  users: 'auth',
  sessions: 'auth',
  user_audit: 'auth',
  login_failures: 'auth',
  outbox: 'outbox',
  rs_online_sync: 'rsonline',
  hl7_messages: 'intake',
  hl7_patients: 'intake',
  hl7_locations: 'intake',
  hl7_codes: 'intake',
};

function files(dir, pick) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return files(path, pick);
    return pick(path) ? [path] : [];
  });
}

const problems = [];
const tables = new Set();
for (const file of files('migrations', (p) => p.endsWith('.ts'))) {
  for (const m of readFileSync(file, 'utf8').matchAll(/CREATE TABLE (?:IF NOT EXISTS )?"?(\w+)"?/g)) tables.add(m[1]);
}
for (const table of tables) if (!OWNERS[table]) problems.push(`migrations create table ${table}, which has no owner folder in scripts/check-sql-owners.mjs`);
for (const table of Object.keys(OWNERS)) if (!tables.has(table)) problems.push(`scripts/check-sql-owners.mjs names table ${table}, which no migration creates`);

const SQL = /\b(FROM|JOIN|INTO|UPDATE)\s+(?:ONLY\s+)?(?:"?public"?\.)?"?(\w+)"?/g;
for (const file of files('src', (p) => p.endsWith('.ts'))) {
  const path = relative('.', file).split('\\').join('/');
  const folder = /^src\/([^/]+)\//.exec(path)?.[1] ?? null;
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, i) => {
    for (const m of line.matchAll(SQL)) {
      const owner = OWNERS[m[2]];
      if (owner && owner !== folder) problems.push(`${path}:${i + 1}: ${m[1]} ${m[2]} — table ${m[2]} belongs to src/${owner}/`);
    }
  });
}

if (problems.length > 0) {
  process.stderr.write(`SQL outside its table's owner:\n  ${problems.join('\n  ')}\n`);
  process.exitCode = 1;
} else {
  process.stdout.write(`SQL owners: ${tables.size} tables, each read and written only in its owner's folder\n`);
}
