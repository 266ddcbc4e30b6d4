import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// The console's operations are typed from schema.gql by graphql-codegen (web/codegen.yml), run by
// `npm run build` and checked by `npm run typecheck`. This shows that an operation that no longer
// matches the schema stops that step, with the same options, on a copy of one real operation.
const CLI = resolve('node_modules/@graphql-codegen/cli/cjs/bin.js');

function codegen(operation: string): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'siranap-codegen-'));
  try {
    writeFileSync(join(dir, 'op.graphql'), operation);
    writeFileSync(
      join(dir, 'codegen.yml'),
      [
        `schema: ${JSON.stringify(resolve('schema.gql'))}`,
        `documents: ${JSON.stringify(join(dir, 'op.graphql'))}`,
        'generates:',
        `  ${JSON.stringify(join(dir, 'gql') + '/')}:`,
        '    preset: client',
        '    config: { documentMode: string, enumsAsTypes: true }',
      ].join('\n'),
    );
    const run = spawnSync(process.execPath, [CLI, '--errors-only', '--config', join(dir, 'codegen.yml')], {
      encoding: 'utf8',
      timeout: 60_000,
      // Under NODE_ENV=test (jest's) codegen prints no task output, the errors included.
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'development' },
    });
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('GraphQL operations typed from schema.gql', () => {
  it('an operation that matches the schema generates', () => {
    const ok = codegen('mutation Admit($input: AdmitPatientInput!) { admitPatient(input: $input) { id status version statusSince } }');
    expect(ok).toMatchObject({ status: 0 });
  }, 60_000);

  it('a renamed field or a wrong argument type fails the step and names the problem', () => {
    const field = codegen('mutation Admit($input: AdmitPatientInput!) { admitPatient(input: $input) { id state version } }');
    expect(field.status).not.toBe(0);
    expect(field.output).toMatch(/Cannot query field "state" on type "Bed"/);
    const variable = codegen(
      'query Free($hospitalCode: String!, $bedClass: String!) { freeBeds(hospitalCode: $hospitalCode, bedClass: $bedClass) { wardAvailable } }',
    );
    expect(variable.status).not.toBe(0);
    expect(variable.output).toMatch(/Variable "\$bedClass" of type "String!" used in position expecting type "BedClass!"/);
  }, 60_000);
});
