import type { ReactNode } from 'react';
import { TimeSeriesChart } from '@/components/charts/time-series-chart';
import type { UserCharts } from '@/lib/inspector/user-charts';

/** The mean of the non-null values, rounded, or null. */
function mean(values: Array<number | null>): number | null {
  const present = values.filter((v): v is number => v !== null);
  return present.length ? Math.round(present.reduce((a, b) => a + b, 0) / present.length) : null;
}

const counted = (values: Array<number | null>) => values.filter((v) => v !== null).length;

function ChartCard({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  return (
    <section className="rounded-lg border border-border bg-card p-5" aria-label={title} data-testid={testId}>
      <h3 className="mb-3 text-sm font-semibold">{title}</h3>
      {children}
    </section>
  );
}

const NoData = ({ what }: { what: string }) => (
  <p className="py-10 text-center text-sm text-muted-foreground" data-testid="chart-empty">
    No {what} in this range.
  </p>
);

/** Heart rate, steps, sleep stages and HRV over the chosen days, each with a sentence for screen readers. */
export function UserChartsGrid({ charts }: { charts: UserCharts }) {
  const span = `from ${charts.from} to ${charts.to}`;
  const days = charts.days.map((d) => ({ ...d, label: d.day.slice(5) }));
  const nights = charts.nights.map((n) => ({ ...n, label: n.day.slice(5) }));
  const resting = charts.days.map((d) => d.restingHr);
  const steps = charts.days.map((d) => d.steps);
  const rmssd = charts.days.map((d) => d.hrvRmssd);
  const sdnn = charts.days.map((d) => d.hrvSdnn);
  const asleep = charts.nights.map((n) =>
    n.deep === null && n.light === null && n.rem === null ? null : (n.deep ?? 0) + (n.light ?? 0) + (n.rem ?? 0),
  );
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <ChartCard title="Heart rate per day (bpm)" testId="chart-heart-rate">
        {charts.has.heartRate ? (
          <TimeSeriesChart
            data={days}
            x="label"
            series={[
              { key: 'restingHr', label: 'Resting' },
              { key: 'avgHr', label: 'Average' },
            ]}
            summary={`Resting heart rate averaged ${mean(resting) ?? 'no'} bpm and average heart rate ${mean(charts.days.map((d) => d.avgHr)) ?? 'no'} bpm over ${counted(resting)} days with data, ${span}.`}
          />
        ) : (
          <NoData what="heart rate" />
        )}
      </ChartCard>
      <ChartCard title="Steps per day" testId="chart-steps">
        {charts.has.steps ? (
          <TimeSeriesChart
            kind="bar"
            data={days}
            x="label"
            series={[{ key: 'steps', label: 'Steps' }]}
            summary={`${mean(steps)?.toLocaleString('en')} steps a day on average over ${counted(steps)} days with data, ${span}.`}
          />
        ) : (
          <NoData what="steps" />
        )}
      </ChartCard>
      <ChartCard title="Sleep stages per night (minutes)" testId="chart-sleep">
        {charts.has.sleep ? (
          <TimeSeriesChart
            kind="bar"
            data={nights}
            x="label"
            series={[
              { key: 'deep', label: 'Deep' },
              { key: 'light', label: 'Light' },
              { key: 'rem', label: 'REM' },
              { key: 'awake', label: 'Awake' },
            ]}
            summary={`${counted(asleep)} nights recorded, ${mean(asleep)} minutes asleep on average (deep, light and REM), ${span}; each night is shown on the day it ends.`}
          />
        ) : (
          <NoData what="sleep" />
        )}
      </ChartCard>
      <ChartCard title="Heart rate variability per day (ms)" testId="chart-hrv">
        {charts.has.hrv ? (
          <TimeSeriesChart
            data={days}
            x="label"
            valueFormat="ms"
            series={[
              { key: 'hrvRmssd', label: 'RMSSD' },
              { key: 'hrvSdnn', label: 'SDNN' },
            ]}
            summary={`HRV (RMSSD) averaged ${mean(rmssd) ?? 'no'} ms and SDNN ${mean(sdnn) ?? 'no'} ms over ${counted(rmssd)} days with data, ${span}; a day without its own HRV shows its night's.`}
          />
        ) : (
          <NoData what="heart rate variability" />
        )}
      </ChartCard>
    </div>
  );
}
