import { useState } from 'preact/hooks';
import { OpenFundDocument } from '../gql/graphql';
import { FailureLine, useStep } from './claim-parts';
import type { caller, Fund } from './context';
import { parseAmountInput } from './money';

interface Props {
  year: number;
  call: ReturnType<typeof caller>;
  onOpened: (fund: Fund) => void;
}

/**
 * City finance opens the fund of a fiscal year (its ceiling posted as available from 1 January);
 * until then claims of that year are refused, so the screen offers it where the year has none.
 */
export function OpenFund({ year, call, onOpened }: Props) {
  const [name, setName] = useState(`Dana pengaman kegawatdaruratan ${year}`);
  const [ceiling, setCeiling] = useState('');
  const step = useStep('OPEN');
  const submit = (e: Event) => {
    e.preventDefault();
    const amount = parseAmountInput(ceiling);
    if (!amount.ok) return step.fail(amount.error);
    void step.run(async () => {
      const { openFund } = await call(OpenFundDocument, { input: { name: name.trim(), fiscalYear: year, ceiling: amount.value } });
      onOpened(openFund);
    });
  };
  return (
    <form class="card form" aria-labelledby="open-fund-title" onSubmit={submit} data-testid="open-fund">
      <h2 id="open-fund-title">Buka dana tahun anggaran {year}</h2>
      <p class="muted">Belum ada dana untuk tahun {year}: klaim tahun ini ditolak sampai dananya dibuka. Pagu tercatat tersedia sejak 1 Januari.</p>
      <label>
        Nama dana
        <input required maxLength={200} value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <label>
        Pagu (rupiah)
        <input required inputMode="numeric" placeholder="3.000.000.000" value={ceiling} onInput={(e) => setCeiling(e.currentTarget.value)} />
      </label>
      <FailureLine failure={step.failure} />
      <button class="primary" type="submit" disabled={step.busy}>
        Buka dana
      </button>
    </form>
  );
}
