/**
 * 工程表の進み具合: the whole plan's 取組実施工程表 as one Gantt-style grid, plan against
 * reality. Rows are every roadmap row, grouped by strategy, measure and initiative; columns are
 * the plan's years; each planned year is a cell coloured by what became of it (the text where the
 * item starts, → where it continues, as the plan writes it). Filters by year and by status (or
 * 遅れ) keep the rows that have such a cell; the URL keeps them (?year=2026&state=late), so the
 * dashboard links here. A click opens the entry (staff record it there). Prints on A4 landscape.
 */
import './roadmap-page.css';
import { Anchor, Group, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { Fragment, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { fiscalYearRange, formatFiscalYear, formatJapaneseDate } from '../../domain/fiscal-calendar.js';
import { LATE_REASON_LABELS, ROADMAP_STATE_LABELS, ROADMAP_STATES, type RoadmapState } from '../../domain/plan/roadmap-status.js';
import { useRoadmap } from '../api.js';
import { PrintButton } from '../components/PrintButton.js';
import { RoadmapEntryModal, type RoadmapTarget } from '../components/RoadmapEntryModal.js';
import { RoadmapStateBadge } from '../components/RoadmapStateBadge.js';
import { ErrorAlert, PageLoader } from '../components/Status.js';
import { parenNumber, toFullWidthDigits } from '../format.js';
import { useCan } from '../permissions.js';
import { usePlanData } from '../plan-context.js';
import type { RoadmapBody, RoadmapEntryBody, RoadmapItem, RoadmapMeasure } from '../types.js';

type StateFilter = '' | 'late' | RoadmapState;

const isStateFilter = (v: string | null): v is StateFilter =>
  v === '' || v === 'late' || (ROADMAP_STATES as readonly string[]).includes(v ?? '-');

interface GridRow {
  key: string;
  /** The cell of each visible year: the item that covers it and the year's entry. */
  cells: ({ item: RoadmapItem; entry: RoadmapEntryBody; starts: boolean } | null)[];
}

interface GridInitiative {
  number: number;
  title: string;
  rows: GridRow[];
}

export function RoadmapPage() {
  const data = usePlanData();
  const chamber = data.chamber.code;
  const roadmap = useRoadmap(chamber);
  const canWrite = useCan(chamber, 'records.write');
  const [params, setParams] = useSearchParams();
  const [target, setTarget] = useState<RoadmapTarget | null>(null);
  const allYears = fiscalYearRange(data.plan.period.from, data.plan.period.to);
  const yearParam = Number(params.get('year'));
  const year = allYears.includes(yearParam) ? yearParam : null;
  const stateParam = params.get('state') ?? '';
  const state: StateFilter = isStateFilter(stateParam) ? stateParam : '';
  const years = year === null ? allYears : [year];
  const setFilter = (key: 'year' | 'state', value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  if (roadmap.isPending) return <PageLoader />;
  if (roadmap.isError) return <ErrorAlert error={roadmap.error} />;
  const body = roadmap.data;
  const grid = gridOf(body, years, state);
  const base = `/c/${encodeURIComponent(chamber)}`;
  const shown = grid.measures.reduce((n, m) => n + m.initiatives.reduce((k, i) => k + i.rows.length, 0), 0);

  return (
    <article className="page roadmap-page">
      <title>工程表の進み具合 | しるべ</title>
      <Group justify="space-between" align="flex-start" wrap="nowrap" mb={4}>
        <div>
          <Text c="dimmed" size="sm">
            {data.chamber.name}　{data.plan.title}
          </Text>
          <Title order={1} className="page-title">
            工程表の進み具合{year === null ? '' : `（${formatFiscalYear(year)}）`}
          </Title>
        </div>
        <PrintButton />
      </Group>
      <Text size="sm" c="dimmed" mb="sm">
        {formatJapaneseDate(body.today)}
        時点。報告のない年度は、終わった年度は「未報告」、今年度とこれからの年度は「予定」です。遅れ:
        終わった年度で実施済でないもの、今年度の未実施・延期と、下期（10月）になっても予定のもの。
      </Text>
      <Group gap="xs" wrap="wrap" className="no-print" align="flex-end" mb="sm">
        <NativeSelect
          label="年度"
          size="xs"
          w={150}
          value={year === null ? '' : String(year)}
          onChange={(e) => setFilter('year', e.currentTarget.value)}
          data={[{ value: '', label: 'すべての年度' }, ...allYears.map((y) => ({ value: String(y), label: formatFiscalYear(y) }))]}
        />
        <NativeSelect
          label="状況"
          size="xs"
          w={130}
          value={state}
          onChange={(e) => setFilter('state', e.currentTarget.value)}
          data={[
            { value: '', label: 'すべて' },
            { value: 'late', label: '遅れのみ' },
            ...ROADMAP_STATES.map((s) => ({ value: s, label: ROADMAP_STATE_LABELS[s] })),
          ]}
        />
      </Group>

      <Group gap="md" mb="sm" className="roadmap-legend" aria-label="状況ごとの件数">
        {ROADMAP_STATES.map((s) => (
          <Group key={s} gap={4} wrap="nowrap" data-legend={s}>
            <RoadmapStateBadge state={s} />
            <Text size="sm">{grid.counts[s]}</Text>
          </Group>
        ))}
        <Group gap={4} wrap="nowrap" data-legend="late">
          <span className="roadmap-mark roadmap-mark-late">遅れ</span>
          <Text size="sm">{grid.late}</Text>
        </Group>
        <Text size="sm" c="dimmed">
          {year === null ? '全年度' : formatFiscalYear(year, 'short')}の工程 {grid.total}件
        </Text>
      </Group>

      {shown === 0 ? (
        <Text c="dimmed">該当する工程はありません。</Text>
      ) : (
        <div className="table-scroll">
          <table className="gantt" data-testid="roadmap-gantt">
            <colgroup>
              <col className="gantt-label-col" />
              {years.map((y) => (
                <col key={y} />
              ))}
            </colgroup>
            <thead>
              <tr>
                <th scope="col" className="gantt-head gantt-head-label">
                  取組
                </th>
                {years.map((y) => (
                  <th key={y} scope="col" className={`gantt-head${y === body.currentYear ? ' gantt-current' : ''}`}>
                    {formatFiscalYear(y, 'short')}
                    {y === body.currentYear && <span className="gantt-now">今年度</span>}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {grid.measures.map((m, mi) => (
                <Fragment key={m.number}>
                  {(mi === 0 || grid.measures[mi - 1]?.strategy !== m.strategy) && (
                    <tr className="gantt-group-row">
                      <th colSpan={years.length + 1} scope="colgroup" className="gantt-strategy">
                        {toFullWidthDigits(m.strategy)}　{m.strategyTitle}
                      </th>
                    </tr>
                  )}
                  <tr className="gantt-group-row">
                    <th colSpan={years.length + 1} scope="colgroup" className="gantt-measure">
                      <Anchor component={Link} to={`${base}/measures/${m.number}`}>
                        施策{m.number}　{m.title}
                      </Anchor>
                    </th>
                  </tr>
                  {m.initiatives.map((i) =>
                    i.rows.map((row, ri) => (
                      <tr key={row.key} className="gantt-row" data-measure={m.number} data-initiative={i.number}>
                        {ri === 0 && (
                          <th scope="row" rowSpan={i.rows.length} className="gantt-initiative">
                            {parenNumber(i.number)}
                            {i.title}
                          </th>
                        )}
                        {row.cells.map((cell, ci) =>
                          cell === null ? (
                            // biome-ignore lint/suspicious/noArrayIndexKey: one cell per visible year
                            <td key={ci} className="gantt-empty" />
                          ) : (
                            <td
                              key={cell.entry.fiscalYear}
                              className={`gantt-cell gantt-${cell.entry.state}${matches(cell.entry, state) ? '' : ' gantt-dim'}${cell.entry.late ? ' gantt-late' : ''}`}
                              data-year={cell.entry.fiscalYear}
                              data-state={cell.entry.state}
                              data-item={cell.item.id}
                            >
                              <button
                                type="button"
                                className="gantt-button"
                                onClick={() => setTarget({ measure: m.number, initiative: i, item: cell.item, entry: cell.entry })}
                                title={[
                                  `${formatFiscalYear(cell.entry.fiscalYear)}: ${ROADMAP_STATE_LABELS[cell.entry.state]}`,
                                  cell.entry.lateReason ? `遅れ（${LATE_REASON_LABELS[cell.entry.lateReason]}）` : null,
                                  cell.entry.note,
                                ]
                                  .filter((t) => t !== null)
                                  .join('\n')}
                              >
                                <span className="gantt-text">{cell.starts ? cell.item.text : '→'}</span>
                                <span className="gantt-status">
                                  {ROADMAP_STATE_LABELS[cell.entry.state]}
                                  {cell.entry.late && <span className="gantt-late-mark">遅れ</span>}
                                  {cell.entry.evidenceCount > 0 && <span className="gantt-evidence">根拠{cell.entry.evidenceCount}</span>}
                                </span>
                              </button>
                            </td>
                          ),
                        )}
                      </tr>
                    )),
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Stack gap={0} mt="xs">
        <Text size="xs" c="dimmed">
          セルをクリックすると、状況・備考・根拠（支援記録・イベント）を見られます{canWrite ? '（記録もできます）' : ''}。
        </Text>
      </Stack>
      <RoadmapEntryModal chamber={chamber} target={target} years={allYears} canWrite={canWrite} onClose={() => setTarget(null)} />
    </article>
  );
}

function matches(entry: RoadmapEntryBody, filter: StateFilter): boolean {
  return filter === '' || (filter === 'late' ? entry.late : entry.state === filter);
}

/** The grid for the visible years and filter: only the rows with a matching cell; counts over the visible cells. */
function gridOf(body: RoadmapBody, years: number[], filter: StateFilter) {
  const counts = Object.fromEntries(ROADMAP_STATES.map((s) => [s, 0])) as Record<RoadmapState, number>;
  let late = 0;
  let total = 0;
  const measures: (Omit<RoadmapMeasure, 'initiatives'> & { initiatives: GridInitiative[] })[] = [];
  for (const m of body.measures) {
    const initiatives: GridInitiative[] = [];
    for (const i of m.initiatives) {
      const rows: GridRow[] = [];
      for (const row of i.rows) {
        const cells = years.map((y, yi) => {
          const item = row.items.find((it) => it.firstYear <= y && y <= it.lastYear);
          const entry = item?.entries.find((e) => e.fiscalYear === y);
          if (!item || !entry) return null;
          return { item, entry, starts: yi === 0 || y === item.firstYear };
        });
        const present = cells.filter((c) => c !== null);
        for (const c of present) {
          counts[c.entry.state] += 1;
          if (c.entry.late) late += 1;
          total += 1;
        }
        if (present.some((c) => matches(c.entry, filter))) rows.push({ key: `${i.number}-${row.rowIndex}`, cells });
      }
      if (rows.length > 0) initiatives.push({ number: i.number, title: i.title, rows });
    }
    if (initiatives.length > 0) measures.push({ ...m, initiatives });
  }
  return { measures, counts, late, total };
}
