/**
 * The drill-down from one KPI figure to the records behind it (/c/:chamber/kpis/:code/:fiscalYear):
 * a summary (目標値, 実績値, 達成率, 暫定/確定, how it was obtained), then for each term of the
 * KPI's definition its value and the rows that were counted. A year switcher moves between
 * the plan's years.
 */
import { Anchor, Breadcrumbs, Group, Paper, SegmentedControl, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { fiscalYearRange, formatFiscalYear } from '../../domain/fiscal-calendar.js';
import { ApiError, useKpiRecords } from '../api.js';
import { actualText, RateBadge } from '../components/KpiFigures.js';
import { PrintButton } from '../components/PrintButton.js';
import { ErrorAlert, PageLoader } from '../components/Status.js';
import { revisionTitle } from '../components/TargetFigure.js';
import { finalOnText, formatDate, formatNumber, formatTarget, missingNote } from '../format.js';
import { usePlanData } from '../plan-context.js';
import type { KpiRecordsBody, KpiRecordsTerm, KpiResult, PlanKpi, RecordRow, RecordRowType } from '../types.js';
import { NotFoundPage } from './NotFoundPage.js';

export function KpiRecordsPage() {
  const data = usePlanData();
  const { code = '', fiscalYear = '' } = useParams();
  const navigate = useNavigate();
  const kpi = data.kpis.find((k) => k.code === code);
  if (!kpi) return <NotFoundPage message={`KPI「${code}」はこの計画にありません。`} />;
  const { from, to } = data.plan.period;
  const years = fiscalYearRange(from, to);
  const fy = /^\d{4}$/.test(fiscalYear) ? Number(fiscalYear) : Number.NaN;
  if (!years.includes(fy)) {
    return (
      <NotFoundPage message={`「${fiscalYear}」はこの計画の年度ではありません（${formatFiscalYear(from)}〜${formatFiscalYear(to)}）。`} />
    );
  }

  const base = `/c/${encodeURIComponent(data.chamber.code)}`;
  const kpiPath = `${base}/kpis/${encodeURIComponent(kpi.code)}`;
  const yearLabel = formatFiscalYear(fy, 'short');
  const name = kpiDisplayName(kpi, data.kpis);
  return (
    <article className="page kpi-records">
      <title>{`${name} ${yearLabel}の実績 | しるべ`}</title>
      <Breadcrumbs className="breadcrumbs" classNames={{ separator: 'breadcrumb-separator no-print' }} separator="›" mb="xs">
        <Anchor component={Link} to={`${base}/overview`} size="sm" className="no-print">
          概要
        </Anchor>
        <Anchor component={Link} to={`${base}/measures/${kpi.measure}`} size="sm">
          施策{kpi.measure} {kpi.measureTitle}
        </Anchor>
        <Text size="sm" c="dimmed" className="no-print">
          {name}
        </Text>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-start" wrap="nowrap" mb="md">
        <Title order={1} className="page-title">
          {name} — {yearLabel}の実績
        </Title>
        <PrintButton />
      </Group>
      <SegmentedControl
        className="year-switcher no-print"
        aria-label="年度"
        mb="lg"
        value={String(fy)}
        onChange={(y) => navigate(`${kpiPath}/${y}`)}
        data={years.map((y) => ({ value: String(y), label: formatFiscalYear(y, 'short') }))}
      />
      <KpiRecords chamber={data.chamber.code} kpi={kpi} fiscalYear={fy} />
    </article>
  );
}

/** うち rows read as 「親 うち子」 so the heading says which figure it is. */
function kpiDisplayName(kpi: PlanKpi, all: PlanKpi[]): string {
  if (kpi.parentCode === null) return kpi.name;
  const parent = all.find((k) => k.code === kpi.parentCode);
  return parent ? `${parent.name} うち${kpi.name}` : `うち${kpi.name}`;
}

function KpiRecords({ chamber, kpi, fiscalYear }: { chamber: string; kpi: PlanKpi; fiscalYear: number }) {
  const query = useKpiRecords(chamber, kpi.code, fiscalYear);
  if (query.isPending) return <PageLoader />;
  if (query.isError) {
    if (query.error instanceof ApiError && query.error.status === 404) return <NotFoundPage message={query.error.message} />;
    return <ErrorAlert error={query.error} title="実績値の内訳を読み込めませんでした" />;
  }
  return (
    <Stack gap="xl">
      <Summary result={query.data.result} kpi={kpi} />
      <Terms body={query.data} />
    </Stack>
  );
}

// ---------------------------------------------------------------- summary

function statusText(result: KpiResult): string {
  switch (result.source) {
    case 'derived':
      return result.provisional ? `暫定（${finalOnText(result.finalOn)}）` : '確定';
    case 'manual':
      return '確定（手入力）';
    case 'missing':
      return '実績値なし';
  }
}

function Figure({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="summary-figure" data-testid={testId}>
      <Text size="xs" c="dimmed" className="summary-label">
        {label}
      </Text>
      <div className="summary-value">{children}</div>
    </div>
  );
}

function Summary({ result, kpi }: { result: KpiResult; kpi: PlanKpi }) {
  const actual = actualText(result);
  const unit = <span className="summary-unit">{result.unit}</span>;
  return (
    <Paper withBorder p="md" radius="sm" className="kpi-summary" aria-label="実績の概要">
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="md">
        <Figure label="目標値">
          {result.target === null ? (
            <Text span c="dimmed">
              設定なし
            </Text>
          ) : (
            <>
              {formatTarget(result.target)}
              {unit}
            </>
          )}
          {result.originalTarget !== result.target && (
            <Text span className="target-original" title={revisionTitle(kpi.targetHistory.find((y) => y.fiscalYear === result.fiscalYear))}>
              （当初 {formatTarget(result.originalTarget)}）
            </Text>
          )}
        </Figure>
        <Figure label="実績値" testId="summary-actual">
          {actual === null ? (
            <Text span c="dimmed" className="summary-missing" title={result.reason ?? undefined}>
              {missingNote(result.reason)}
            </Text>
          ) : (
            <>
              {actual}
              {unit}
            </>
          )}
        </Figure>
        <Figure label="達成率" testId="summary-rate">
          {result.achievementRate === null && !result.achievementNote?.includes('達成') ? (
            <Text span c="dimmed" className="summary-missing">
              {result.achievementNote ?? '—'}
            </Text>
          ) : (
            <RateBadge result={result} size="xl" />
          )}
        </Figure>
        <Figure label="状態" testId="summary-status">
          <Text span fw={700} className={result.provisional ? 'summary-status provisional' : 'summary-status'}>
            {statusText(result)}
          </Text>
        </Figure>
      </SimpleGrid>
      <Stack gap={4} mt="md" className="summary-notes">
        {result.note !== null && <Text size="sm">算出：{result.note}</Text>}
        {result.source === 'missing' && result.reason !== null && (
          <Text size="sm" c="orange.9" data-testid="summary-reason">
            {result.reason}
          </Text>
        )}
        {result.evidence !== null && <Text size="sm">根拠：{result.evidence}</Text>}
        {kpi.definition !== null && (
          <Text size="sm" c="dimmed">
            定義：[{kpi.definition}]
          </Text>
        )}
        {kpi.cumulative && (
          <Text size="sm" c="dimmed">
            累計の指標です（計画の初年度からの合計）。
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

// ---------------------------------------------------------------- terms and their records

function Terms({ body }: { body: KpiRecordsBody }) {
  if (body.terms.length === 0) {
    return (
      <section className="section">
        <Title order={2} className="section-title">
          内訳
        </Title>
        <Text c="dimmed">
          {body.result.source === 'manual' ? '手入力の実績値です。記録からの内訳はありません。' : '記録から数えた内訳はありません。'}
        </Text>
      </section>
    );
  }
  return (
    <section className="section">
      <Title order={2} className="section-title">
        内訳
      </Title>
      <Stack gap="xl">
        {body.terms.map((term) => (
          <Term key={term.label} term={term} />
        ))}
      </Stack>
    </section>
  );
}

/** Which records a term counts, by its measurement (the rows may be empty). */
const ROW_TYPE_OF_MEASUREMENT: Record<string, RecordRowType> = {
  support: 'support',
  visitors: 'event',
  members: 'member',
  subscribers: 'subscription',
  statistic: 'figure',
  finance: 'figure',
};

function rowTypeOf(term: KpiRecordsTerm, rows: RecordRow[]): RecordRowType {
  const measured = term.measurement.type;
  return (typeof measured === 'string' ? ROW_TYPE_OF_MEASUREMENT[measured] : undefined) ?? rows[0]?.type ?? 'figure';
}

function Term({ term }: { term: KpiRecordsTerm }) {
  // The server sends MeasurementRow shapes (see RecordRow); the schema only says "records".
  const rows = term.rows as RecordRow[];
  const type = rowTypeOf(term, rows);
  return (
    <div className="term" data-row-type={type}>
      <Group justify="space-between" align="baseline" gap="xs" mb={6} className="term-head">
        <Title order={3} className="item-title term-label">
          {formatDate(term.label)}
        </Title>
        <Text fw={700} className="term-value" data-testid="term-value">
          {term.value === null ? '未入力' : formatNumber(term.value)}
        </Text>
      </Group>
      <Text size="sm" c="dimmed" className="term-count" data-total={term.total} mb={4}>
        {term.total === 0
          ? '該当する記録はありません（全 0 件）'
          : term.total > rows.length
            ? `全 ${formatNumber(term.total)} 件中 ${formatNumber(rows.length)} 件を表示（新しい順）`
            : `全 ${formatNumber(term.total)} 件`}
      </Text>
      {rows.length > 0 && <RecordsTable type={type} rows={rows} />}
    </div>
  );
}

type RowOf<T extends RecordRowType> = Extract<RecordRow, { type: T }>;

interface Column<R> {
  header: string;
  cell: (row: R) => ReactNode;
  /** Numbers: right-aligned. */
  numeric?: boolean;
  nowrap?: boolean;
}

function business(code: string | null, name: string | null): ReactNode {
  if (name === null && code === null) return '';
  return (
    <>
      {name ?? ''}
      {code !== null && <span className="record-code">{code}</span>}
    </>
  );
}

const dateOrBlank = (date: string | null) => (date === null ? '' : formatDate(date));

const COLUMNS: { [T in RecordRowType]: Column<RowOf<T>>[] } = {
  support: [
    { header: '日付', cell: (r) => formatDate(r.date), nowrap: true },
    { header: '事業者', cell: (r) => business(r.businessCode, r.businessName) },
    { header: '種別', cell: (r) => r.kind },
    { header: '区分', cell: (r) => r.subKind ?? '' },
    { header: '件数', cell: (r) => formatNumber(r.quantity), numeric: true },
    { header: '金額（千円）', cell: (r) => (r.amount === null ? '' : formatNumber(r.amount)), numeric: true },
    { header: '担当者', cell: (r) => r.staff ?? '' },
    { header: '備考', cell: (r) => r.note ?? '' },
  ],
  event: [
    { header: '日付', cell: (r) => formatDate(r.date), nowrap: true },
    { header: '名称', cell: (r) => r.name },
    { header: '区分', cell: (r) => r.category ?? '' },
    { header: '来場者数', cell: (r) => formatNumber(r.visitors), numeric: true },
  ],
  member: [
    { header: '事業者コード', cell: (r) => r.businessCode, nowrap: true },
    { header: '事業者名', cell: (r) => r.businessName },
    { header: '入会日', cell: (r) => formatDate(r.joinedOn), nowrap: true },
    { header: '退会日', cell: (r) => dateOrBlank(r.leftOn), nowrap: true },
  ],
  subscription: [
    { header: '事業者', cell: (r) => business(r.businessCode, r.businessName) },
    { header: '種類', cell: (r) => r.subscriptionType },
    { header: '加入日', cell: (r) => formatDate(r.joinedOn), nowrap: true },
    { header: '解約日', cell: (r) => dateOrBlank(r.leftOn), nowrap: true },
  ],
  figure: [
    { header: '年度', cell: (r) => formatFiscalYear(r.fiscalYear), nowrap: true },
    { header: '項目', cell: (r) => r.item },
    { header: '値', cell: (r) => formatNumber(r.value), numeric: true },
  ],
};

function rowKey(row: RecordRow): string {
  switch (row.type) {
    case 'member':
      return `${row.businessCode}/${row.joinedOn}`;
    case 'figure':
      return `${row.fiscalYear}/${row.item}`;
    default:
      return String(row.id);
  }
}

function RecordsTable<T extends RecordRowType>({ type, rows }: { type: T; rows: RecordRow[] }) {
  const columns: Column<RowOf<T>>[] = COLUMNS[type];
  const ofType = rows.filter((r): r is RowOf<T> => r.type === type);
  const cellClass = (c: Column<RowOf<T>>) => [c.numeric ? 'record-number' : '', c.nowrap ? 'record-nowrap' : ''].join(' ').trim();
  return (
    <div className={`records-scroll table-scroll records-${type}`}>
      <Table className="records-table" withTableBorder withColumnBorders stickyHeader tabularNums verticalSpacing={4}>
        <Table.Thead>
          <Table.Tr>
            {columns.map((c) => (
              <Table.Th key={c.header} className={cellClass(c)}>
                {c.header}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {ofType.map((row) => (
            <Table.Tr key={rowKey(row)}>
              {columns.map((c) => (
                <Table.Td key={c.header} className={cellClass(c)}>
                  {c.cell(row)}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}
