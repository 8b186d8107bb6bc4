'use client';

import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

export interface Series {
  key: string;
  label: string;
  /** A CSS color; defaults to the palette (`--chart-1` …). */
  color?: string;
}

const palette = (i: number) => `var(--chart-${(i % 6) + 1})`;

const axis = { stroke: 'var(--muted-foreground)', fontSize: 12, tickLine: false } as const;

/**
 * A small time-series chart (line, area or stacked bars) over rows keyed by `x`. Its `summary` is
 * read by screen readers in place of the drawing.
 */
export function TimeSeriesChart({
  data,
  x,
  series,
  kind = 'line',
  height = 200,
  summary,
  valueFormat,
}: {
  data: Record<string, unknown>[];
  x: string;
  series: Series[];
  kind?: 'line' | 'area' | 'bar';
  height?: number;
  summary: string;
  valueFormat?: 'percent' | 'ms';
}) {
  const format = (value: unknown) => {
    const n = Number(value);
    if (valueFormat === 'percent') return `${Math.round(n * 100)} %`;
    if (valueFormat === 'ms') return `${n} ms`;
    return n.toLocaleString('en');
  };
  // Recharts' keyboard layer makes the drawing focusable, inside a wrapper hidden from screen readers
  // (axe: aria-hidden-focus); the figcaption is what they read instead.
  const common = { data, margin: { top: 8, right: 8, bottom: 0, left: 0 }, accessibilityLayer: false };
  const children = [
    <CartesianGrid key="grid" stroke="var(--border)" strokeDasharray="3 3" vertical={false} />,
    <XAxis key="x" dataKey={x} {...axis} minTickGap={24} />,
    <YAxis
      key="y"
      {...axis}
      width={52}
      tickFormatter={format}
      allowDecimals={valueFormat === 'percent'}
      domain={valueFormat === 'percent' ? [0, 1] : [0, 'auto']}
    />,
    <Tooltip
      key="tooltip"
      formatter={(value) => format(value)}
      contentStyle={{ background: 'var(--card)', border: '1px solid var(--border)', fontSize: 12 }}
    />,
    ...(series.length > 1 ? [<Legend key="legend" wrapperStyle={{ fontSize: 12 }} />] : []),
  ];
  return (
    <figure className="m-0">
      <div style={{ height }} aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%">
          {kind === 'bar' ? (
            <BarChart {...common}>
              {children}
              {series.map((s, i) => (
                <Bar
                  key={s.key}
                  dataKey={s.key}
                  name={s.label}
                  stackId="stack"
                  fill={s.color ?? palette(i)}
                  isAnimationActive={false}
                />
              ))}
            </BarChart>
          ) : kind === 'area' ? (
            <AreaChart {...common}>
              {children}
              {series.map((s, i) => (
                <Area
                  key={s.key}
                  dataKey={s.key}
                  name={s.label}
                  type="monotone"
                  stroke={s.color ?? palette(i)}
                  fill={s.color ?? palette(i)}
                  fillOpacity={0.15}
                  isAnimationActive={false}
                />
              ))}
            </AreaChart>
          ) : (
            <LineChart {...common}>
              {children}
              {series.map((s, i) => (
                <Line
                  key={s.key}
                  dataKey={s.key}
                  name={s.label}
                  type="monotone"
                  stroke={s.color ?? palette(i)}
                  dot={data.length <= 14 ? { r: 3 } : false}
                  connectNulls
                  isAnimationActive={false}
                />
              ))}
            </LineChart>
          )}
        </ResponsiveContainer>
      </div>
      <figcaption className="sr-only">{summary}</figcaption>
    </figure>
  );
}
