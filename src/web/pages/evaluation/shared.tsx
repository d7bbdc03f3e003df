/** What the evaluation pages share: the API paths, the year choice, and the KPI results table. */
import { Table } from '@mantine/core';
import type { ReactNode } from 'react';
import { fiscalYearOf, formatFiscalYear } from '../../../domain/fiscal-calendar.js';
import { RatingBadge } from '../../components/RatingBadge.js';
import { formatActual, formatRate, formatTarget } from '../../format.js';
import type { EvaluationOverviewBody } from '../../types.js';
import { todayIso } from '../records/entry.js';

export const evaluationPath = (chamber: string, fiscalYear: number) =>
  `/api/v1/chambers/${encodeURIComponent(chamber)}/evaluations/${fiscalYear}`;

/** The years that can be opened: the plan's years that have begun, newest first. */
export function evaluableYears(period: { from: number; to: number }): number[] {
  const current = fiscalYearOf(todayIso());
  const years: number[] = [];
  for (let y = Math.min(period.to, current); y >= period.from; y--) years.push(y);
  return years;
}

/** The year normally evaluated now: the last one that has ended (the current one when none has). */
export function defaultYear(period: { from: number; to: number }): number {
  const years = evaluableYears(period);
  const current = fiscalYearOf(todayIso());
  return years.find((y) => y < current) ?? years[0] ?? period.from;
}

export const yearLabel = (fy: number) => `${formatFiscalYear(fy, 'short')}（${formatFiscalYear(fy)}）`;

type Kpi = EvaluationOverviewBody['strategies'][number]['measures'][number]['kpis'][number];

/** 目標値, 実績値, 達成率 and 評価 of KPIs, as on the sheet. */
export function KpiResultsTable({
  kpis,
  bands,
  highlight,
}: {
  kpis: Kpi[];
  bands: EvaluationOverviewBody['bands'];
  highlight?: (k: Kpi) => boolean;
}) {
  return (
    <Table withTableBorder withColumnBorders className="evaluation-kpis" data-testid="evaluation-kpis">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>KPI</Table.Th>
          <Table.Th className="num">目標値</Table.Th>
          <Table.Th className="num">実績値</Table.Th>
          <Table.Th className="num">達成率</Table.Th>
          <Table.Th>評価</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {kpis.map((k) => (
          <KpiRow key={k.code} k={k} bands={bands} missed={highlight?.(k) ?? false} />
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function KpiRow({
  k,
  bands,
  missed,
  lead,
  trailing,
}: {
  k: Kpi;
  bands: EvaluationOverviewBody['bands'];
  missed?: boolean;
  lead?: ReactNode;
  trailing?: ReactNode;
}) {
  return (
    <Table.Tr data-kpi={k.code} className={missed ? 'kpi-missed' : undefined}>
      {lead}
      <Table.Td>
        {k.parentCode ? `うち${k.name.replace(/^うち/, '')}` : k.name}
        <span className="unit">（{k.unit}）</span>
      </Table.Td>
      <Table.Td className="num">{formatTarget(k.target)}</Table.Td>
      <Table.Td className="num" title={k.reason ?? undefined}>
        {k.actual === null ? '未集計' : formatActual(k.actual, k.unit)}
        {k.provisional && k.actual !== null ? '（暫定）' : ''}
      </Table.Td>
      <Table.Td className="num">{k.achievementRate === null ? '—' : formatRate(k.achievementRate)}</Table.Td>
      <Table.Td>
        <RatingBadge rating={k.rating} bands={bands} />
      </Table.Td>
      {trailing}
    </Table.Tr>
  );
}
