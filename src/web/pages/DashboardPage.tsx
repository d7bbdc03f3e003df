/**
 * 進捗 (the home page of a chamber): for the chosen fiscal year (today's by default), how many
 * KPIs stand at each rating, those falling behind first, and every KPI grouped by strategy
 * and measure with target, actual to date, 達成率, expected by today, the projected year-end
 * value, the rating and a small trend over the plan's years; and the 工程表 entries of the year
 * that are late (遅れている取組).
 */
import { Anchor, Button, Group, NativeSelect, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { Fragment, useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { fiscalYearRange, formatFiscalYear, formatJapaneseDate } from '../../domain/fiscal-calendar.js';
import { useProgress } from '../api.js';
import { LateRoadmap } from '../components/LateRoadmap.js';
import { PrintButton } from '../components/PrintButton.js';
import { bandColor, RatingBadge } from '../components/RatingBadge.js';
import { Sparkline } from '../components/Sparkline.js';
import { ErrorAlert, PageLoader } from '../components/Status.js';
import { revisionTitle, TargetFigure } from '../components/TargetFigure.js';
import { formatActual, formatDate, formatRate, missingNote } from '../format.js';
import { usePlanData } from '../plan-context.js';
import type { ProgressBody, ProgressRow, TargetYear } from '../types.js';

export function DashboardPage() {
  const data = usePlanData();
  const chamber = data.chamber.code;
  const [params, setParams] = useSearchParams();
  const yearParam = params.get('year');
  const year = yearParam && /^\d{4}$/.test(yearParam) ? Number(yearParam) : undefined;
  const progress = useProgress(chamber, year);
  const years = fiscalYearRange(data.plan.period.from, data.plan.period.to);

  if (progress.isPending) return <PageLoader />;
  if (progress.isError) return <ErrorAlert error={progress.error} />;
  const body = progress.data;
  // For bench/page-load.ts: when the figures were first rendered (a no-op otherwise).
  if (performance.getEntriesByName('dashboard-render').length === 0) performance.mark('dashboard-render');
  const base = `/c/${encodeURIComponent(chamber)}`;
  return (
    <article className="page dashboard">
      <title>{`進捗 ${formatFiscalYear(body.fiscalYear, 'short')} | しるべ`}</title>
      <Group justify="space-between" align="flex-end" wrap="nowrap" mb="md">
        <div>
          <Text c="dimmed" size="sm">
            {data.chamber.name}　{data.plan.title}
          </Text>
          <Title order={1} className="page-title">
            進捗（{formatFiscalYear(body.fiscalYear)}）
          </Title>
          <Text size="sm" c="dimmed" mt={4}>
            {formatJapaneseDate(body.today)}
            時点。評価は、年度中は年度末の見込み（見込みがないときは今日までの値）、年度終了後は実績値を目標値と比べたものです。
          </Text>
        </div>
        <Group gap="xs" wrap="nowrap" className="no-print">
          <NativeSelect
            aria-label="年度"
            w={150}
            value={String(body.fiscalYear)}
            data={years.map((y) => ({ value: String(y), label: formatFiscalYear(y) }))}
            onChange={(e) => setParams({ year: e.currentTarget.value })}
          />
          <Button
            component="a"
            href={`/api/v1/chambers/${encodeURIComponent(chamber)}/kpis.xlsx`}
            download
            variant="default"
            size="xs"
            title="すべてのKPI・すべての年度の基準値・目標値・実績値・達成率・評価（A4横で印刷できます）"
          >
            Excel出力
          </Button>
          <PrintButton />
        </Group>
      </Group>
      <Stack gap="lg">
        <Summary body={body} />
        <Behind body={body} base={base} />
        <LateRoadmap chamber={chamber} fiscalYear={year} base={base} />
        <ProgressTable body={body} base={base} />
      </Stack>
    </article>
  );
}

function Summary({ body }: { body: ProgressBody }) {
  const { summary } = body;
  const cells = [
    ...summary.bands.map((b) => ({
      key: b.code,
      title: `${b.mark ?? b.code} ${b.label}`,
      count: b.count,
      color: bandColor(b.code, body.bands),
    })),
    { key: 'noActual', title: '未集計', count: summary.noActual, color: 'gray' },
    { key: 'noTarget', title: '設定なし', count: summary.noTarget, color: 'gray' },
  ];
  return (
    <section aria-label="評価ごとのKPIの数">
      <Group gap="sm" className="rating-summary">
        {cells.map((c) => (
          <Paper key={c.key} withBorder p="sm" className={`rating-count rating-count-${c.color}`} data-rating={c.key}>
            <Text size="sm" fw={600} c={c.color === 'gray' ? 'dimmed' : c.color}>
              {c.title}
            </Text>
            <Text className="rating-count-value">
              {c.count}
              <Text span size="sm" c="dimmed">
                {' '}
                件
              </Text>
            </Text>
          </Paper>
        ))}
        <Text size="sm" c="dimmed">
          KPI {summary.total} 件
        </Text>
      </Group>
    </section>
  );
}

/** The KPIs in the two lowest bands, the furthest behind first. */
function Behind({ body, base }: { body: ProgressBody; base: string }) {
  const lowBands = new Set(body.bands.slice(-2).map((b) => b.code));
  const byCode = new Map(body.rows.map((r) => [r.code, r]));
  const behind = body.behindFirst
    .map((code) => byCode.get(code))
    .filter((r): r is ProgressRow => r !== undefined && r.rating.kind === 'rated' && lowBands.has(r.rating.code ?? ''));
  if (behind.length === 0) return null;
  return (
    <Paper withBorder p="md" className="behind">
      <Title order={2} size="h4" mb="xs">
        遅れているKPI（{behind.length}件）
      </Title>
      <Stack gap={4}>
        {behind.map((r) => (
          <Group key={r.code} gap="sm" wrap="nowrap">
            <RatingBadge rating={r.rating} bands={body.bands} />
            <Anchor component={Link} to={`${base}/measures/${r.measure}`} size="sm">
              施策{r.measure}　{r.name}
            </Anchor>
            <Text size="sm" c="dimmed">
              {r.rating.rate === null ? '' : `${ratedOnText(r)} ${formatRate(r.rating.rate)}`}
            </Text>
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}

function ratedOnText(r: ProgressRow): string {
  return r.ratedOn === 'projection' ? '見込みの達成率' : r.ratedOn === 'actualSoFar' ? '今日までの達成率' : '達成率';
}

function value(v: number | null, unit: string): string {
  return v === null ? '—' : formatActual(v, unit);
}

function ProgressTable({ body, base }: { body: ProgressBody; base: string }) {
  const plan = usePlanData();
  const histories = useMemo(() => new Map(plan.kpis.map((k) => [k.code, k.targetHistory])), [plan.kpis]);
  // Strategy → measure → rows, in the plan's order.
  const groups = useMemo(() => {
    const out: { strategy: string; measures: { number: number; title: string; rows: ProgressRow[] }[] }[] = [];
    for (const row of body.rows) {
      let g = out.at(-1);
      if (!g || g.strategy !== row.strategy) {
        g = { strategy: row.strategy, measures: [] };
        out.push(g);
      }
      let m = g.measures.at(-1);
      if (!m || m.number !== row.measure) {
        m = { number: row.measure, title: row.measureTitle, rows: [] };
        g.measures.push(m);
      }
      m.rows.push(row);
    }
    return out;
  }, [body.rows]);
  return (
    <div className="table-scroll">
      <Table className="progress-table" withTableBorder verticalSpacing={6}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>KPI</Table.Th>
            <Table.Th className="num">目標値</Table.Th>
            <Table.Th className="num">実績値</Table.Th>
            <Table.Th className="num">達成率</Table.Th>
            <Table.Th className="num">今日までの想定</Table.Th>
            <Table.Th className="num">年度末の見込み</Table.Th>
            <Table.Th className="rating-cell">評価</Table.Th>
            <Table.Th>推移（R4〜）</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {groups.map((g) => (
            <Fragment key={g.strategy}>
              <Table.Tr className="progress-strategy">
                <Table.Td colSpan={8}>{g.strategy}</Table.Td>
              </Table.Tr>
              {g.measures.map((m) => (
                <Fragment key={m.number}>
                  <Table.Tr className="progress-measure">
                    <Table.Td colSpan={8}>
                      <Anchor component={Link} to={`${base}/measures/${m.number}`}>
                        施策{m.number}　{m.title}
                      </Anchor>
                    </Table.Td>
                  </Table.Tr>
                  {m.rows.map((r) => (
                    <ProgressRowView
                      key={r.code}
                      row={r}
                      body={body}
                      base={base}
                      history={histories.get(r.code)?.find((y) => y.fiscalYear === body.fiscalYear)}
                    />
                  ))}
                </Fragment>
              ))}
            </Fragment>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}

function ProgressRowView({
  row: r,
  body,
  base,
  history,
}: {
  row: ProgressRow;
  body: ProgressBody;
  base: string;
  history: TargetYear | undefined;
}) {
  // The plan's history of this year's target, when it matches what was rated (the same day's data).
  const targetYear = history && history.target === r.target ? history : undefined;
  const projection = r.projected !== null && r.projectionMethod !== 'final' ? { fiscalYear: body.fiscalYear, value: r.projected } : null;
  return (
    <Table.Tr data-progress-code={r.code} className={r.parentCode ? 'progress-sub' : undefined}>
      <Table.Td>
        <div className="kpi-name">
          {r.parentCode ? 'うち ' : ''}
          {r.name}
        </div>
        <div className="kpi-meta">
          {r.code}　{r.unit}
          {r.cumulative ? '（累計）' : ''}
        </div>
      </Table.Td>
      <Table.Td className="num" title={revisionTitle(targetYear)} data-target-cell>
        <TargetFigure target={r.target} year={targetYear} original={r.originalTarget} />
      </Table.Td>
      <Table.Td className="num" title={r.reason ?? undefined}>
        {r.actual === null ? (
          <span className="muted-note">{missingNote(r.reason)}</span>
        ) : (
          <Link className="figure-link" to={`${base}/kpis/${encodeURIComponent(r.code)}/${body.fiscalYear}`}>
            {formatActual(r.actual, r.unit)}
          </Link>
        )}
      </Table.Td>
      <Table.Td className="num">{r.achievementRate === null ? '—' : formatRate(r.achievementRate)}</Table.Td>
      <Table.Td className="num" title={r.expectedNote ?? undefined}>
        {r.kind === 'flow' ? value(r.expected, r.unit) : '—'}
      </Table.Td>
      <Table.Td className="num" title={r.projectionNote ?? undefined}>
        {r.kind === 'stock' ? (
          <span className="muted-note">{r.measuredOn ? `${formatDate(r.measuredOn)}${r.final ? ' 確定' : ' に確定'}` : '—'}</span>
        ) : (
          value(r.projected, r.unit)
        )}
      </Table.Td>
      <Table.Td className="rating-cell">
        <RatingBadge rating={r.rating} bands={body.bands} title={r.rating.note ?? r.projectionNote ?? undefined} />
      </Table.Td>
      <Table.Td className="sparkline-cell">
        <Sparkline points={r.trend} cumulative={r.cumulative} projection={projection} label={`${r.name}の推移`} />
      </Table.Td>
    </Table.Tr>
  );
}
