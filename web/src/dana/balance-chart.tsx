import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import type { BalanceSeriesQuery } from '../gql/graphql';
import { rupiah } from './money';
import { witaDate } from './texts';

export type BalancePoint = BalanceSeriesQuery['fundBalanceSeries'][number];

const compact = new Intl.NumberFormat('id-ID', { notation: 'compact', maximumFractionDigits: 1 });

/** Each line has its own colour (contrast ≥ 4.5:1 on white) and its own dash, so colour is not the only cue. */
const LINES = [
  { key: 'available', label: 'Tersedia', stroke: '#1b5e20', dash: [] as number[] },
  { key: 'held', label: 'Dicadangkan', stroke: '#8a4b00', dash: [8, 4] },
  { key: 'paid', label: 'Dibayar (bersih)', stroke: '#0b4f6c', dash: [2, 3] },
] as const;

/**
 * The fund's available, held and paid over time (uPlot on a canvas). The chart's y values are
 * numbers only for drawing; every amount shown as text (legend, table) comes from the exact
 * Rupiah strings.
 */
export function BalanceChart({ points }: { points: readonly BalancePoint[] }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el || points.length === 0) return;
    const data: uPlot.AlignedData = [points.map((p) => Date.parse(p.start) / 1000), ...LINES.map((l) => points.map((p) => Number(BigInt(p[l.key]))))];
    const legendValue = (key: (typeof LINES)[number]['key']) => (_u: uPlot, _v: number | null, _s: number, idx: number | null) =>
      idx === null || !points[idx] ? '–' : rupiah(points[idx][key]);
    const plot = new uPlot(
      {
        width: Math.max(280, el.clientWidth),
        height: 300,
        // WITA for the time axis, as the buckets are WITA days or months.
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Asia/Makassar'),
        series: [
          { label: 'Tanggal', value: (_u, _v, _s, idx) => (idx === null || !points[idx] ? '–' : witaDate(points[idx].start)) },
          ...LINES.map((l) => ({ label: l.label, stroke: l.stroke, dash: [...l.dash], width: 2, value: legendValue(l.key) })),
        ],
        axes: [{}, { size: 70, values: (_u, ticks) => ticks.map((t) => `Rp${compact.format(t)}`) }],
        scales: { y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.05 : 1] } },
      },
      data,
      el,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(280, el.clientWidth), height: 300 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [points]);

  const last = points[points.length - 1];
  return (
    <figure class="chart" aria-label="Grafik saldo dana">
      <div ref={box} class="chart-box" data-testid="chart" data-points={points.length} />
      {last && (
        <figcaption data-testid="series-last" data-available={last.available} data-held={last.held} data-paid={last.paid}>
          Akhir {witaDate(new Date(Date.parse(last.asOf) - 1).toISOString())}: tersedia {rupiah(last.available)}, dicadangkan {rupiah(last.held)}, dibayar{' '}
          {rupiah(last.paid)}.
        </figcaption>
      )}
      <details>
        <summary>Tabel data grafik</summary>
        <table class="table">
          <thead>
            <tr>
              <th scope="col">Periode</th>
              {LINES.map((l) => (
                <th key={l.key} scope="col">
                  {l.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.start}>
                <th scope="row">{witaDate(p.start)}</th>
                <td>{rupiah(p.available)}</td>
                <td>{rupiah(p.held)}</td>
                <td>{rupiah(p.paid)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
