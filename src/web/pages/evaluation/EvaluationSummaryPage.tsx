/**
 * 総括表（様式1） print page (/c/:chamber/evaluations/:fiscalYear/summary): every strategy,
 * measure and KPI of the year with 目標値, 実績値, 達成率, 評価 and the measure's 総合評価, and the
 * 評価委員会's 総評; A4 landscape on one page (print.css @page summary). 印刷 → PDFに保存 makes
 * the PDF; the browser journey makes it with Chromium's page.pdf from this very page.
 */
import { Group, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { OVERALL_LABELS, SHEET_STATE_LABELS } from '../../../domain/evaluation/sheet.js';
import { formatFiscalYear, parseFiscalYear } from '../../../domain/fiscal-calendar.js';
import { getJson } from '../../api.js';
import { PrintButton } from '../../components/PrintButton.js';
import { ErrorAlert, PageLoader } from '../../components/Status.js';
import { usePlanData } from '../../plan-context.js';
import type { EvaluationOverviewBody } from '../../types.js';
import { evaluationPath, KpiRow } from './shared.js';

export function EvaluationSummaryPage() {
  const data = usePlanData();
  const chamber = data.chamber.code;
  const year = parseFiscalYear(useParams().fiscalYear ?? '') ?? 0;
  const path = evaluationPath(chamber, year);
  const query = useQuery({ queryKey: ['evaluation', chamber, year], queryFn: () => getJson<EvaluationOverviewBody>(path) });
  if (query.isPending) return <PageLoader />;
  if (query.isError) return <ErrorAlert error={query.error} />;
  const o = query.data;
  return (
    <article className="page evaluation-summary">
      <title>{`総括表 ${formatFiscalYear(year, 'short')} | しるべ`}</title>
      {/* A4 landscape for this page only: a named @page (print.css) left a blank portrait page
          after the content, for the shell's boxes that follow it. */}
      <style>{'@page { size: A4 landscape; margin: 8mm; }'}</style>
      <Group justify="space-between" className="no-print" mb="xs">
        <Text size="sm">
          <Link to={`/c/${encodeURIComponent(chamber)}/evaluations?year=${year}`}>年度の評価</Link> ＞ 総括表
        </Text>
        <Group gap="xs">
          <Text size="xs" c="dimmed">
            PDFは「印刷」から「PDFに保存」を選びます（A4横）
          </Text>
          <PrintButton />
        </Group>
      </Group>
      <Group justify="space-between" align="baseline">
        <Title order={1} className="page-title">
          （様式1）アクションプログラム総括表　{formatFiscalYear(year, 'short')}
        </Title>
        <Text size="sm">
          {o.chamber.name}　{o.plan.title}
          {o.closed ? '' : '（年度途中の値）'}
        </Text>
      </Group>
      <Table withTableBorder withColumnBorders className="summary-table" data-testid="summary-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>戦略</Table.Th>
            <Table.Th>施策</Table.Th>
            <Table.Th>KPI</Table.Th>
            <Table.Th className="num">目標値</Table.Th>
            <Table.Th className="num">実績値</Table.Th>
            <Table.Th className="num">達成率</Table.Th>
            <Table.Th>評価</Table.Th>
            <Table.Th>総合評価</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {o.strategies.flatMap((s) => {
            const span = s.measures.reduce((n, m) => n + Math.max(1, m.kpis.length), 0);
            return s.measures.flatMap((m, mi) =>
              (m.kpis.length > 0 ? m.kpis : [null]).map((k, ki) => {
                const lead = (
                  <>
                    {mi === 0 && ki === 0 && (
                      <Table.Td rowSpan={span} className="strategy-cell">
                        {s.label}
                        <br />
                        {s.title}
                      </Table.Td>
                    )}
                    {ki === 0 && (
                      <Table.Td rowSpan={Math.max(1, m.kpis.length)}>
                        {m.number} {m.title}
                      </Table.Td>
                    )}
                  </>
                );
                const overall =
                  ki === 0 ? (
                    <Table.Td rowSpan={Math.max(1, m.kpis.length)} className="overall-cell">
                      {m.overall ? `${m.overall} ${OVERALL_LABELS[m.overall]}` : SHEET_STATE_LABELS[m.state]}
                    </Table.Td>
                  ) : null;
                if (!k)
                  return (
                    <Table.Tr key={`${m.number}-none`}>
                      {lead}
                      <Table.Td colSpan={5}>—</Table.Td>
                      {overall}
                    </Table.Tr>
                  );
                return <KpiRow key={k.code} k={k} bands={o.bands} lead={lead} trailing={overall} />;
              }),
            );
          })}
        </Table.Tbody>
      </Table>
      <div className="summary-comment">
        <Text fw={700} size="sm">
          評価委員会の総評
        </Text>
        <Text size="sm" className="preline">
          {o.generalComment?.comment || '—'}
        </Text>
      </div>
    </article>
  );
}
