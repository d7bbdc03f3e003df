/**
 * 施策: 施策展開方向, 施策目標 with their KPI tables, 取組内容 with the actions and the
 * 取組実施工程表 (with what became of each entry in each year: staff click one to record it),
 * and links to the previous and next measures.
 */
import { Anchor, Breadcrumbs, Group, Stack, Text, Title } from '@mantine/core';
import { Fragment, useState } from 'react';
import { Link, useParams } from 'react-router';
import { fiscalYearRange } from '../../domain/fiscal-calendar.js';
import { strategyLabel } from '../../domain/plan/labels.js';
import { useRoadmap } from '../api.js';
import { KpiTable } from '../components/KpiTable.js';
import { KpiTrendChart } from '../components/KpiTrendChart.js';
import { Paragraphs } from '../components/Paragraphs.js';
import { PrintButton } from '../components/PrintButton.js';
import { RoadmapEntryModal, type RoadmapTarget } from '../components/RoadmapEntryModal.js';
import { RoadmapGrid } from '../components/RoadmapGrid.js';
import { TargetRevisions } from '../components/TargetRevisions.js';
import { circledNumber, parenNumber, toFullWidthDigits } from '../format.js';
import { useCan } from '../permissions.js';
import { usePlanData } from '../plan-context.js';
import type { Measure, Plan, RoadmapItem, Strategy } from '../types.js';
import { NotFoundPage } from './NotFoundPage.js';

interface Located {
  strategy: Strategy;
  measure: Measure;
}

function measuresInOrder(plan: Plan): Located[] {
  return plan.strategies.flatMap((strategy) => strategy.measures.map((measure) => ({ strategy, measure })));
}

export function MeasurePage() {
  const data = usePlanData();
  const { number = '' } = useParams();
  const roadmap = useRoadmap(data.chamber.code);
  const canWrite = useCan(data.chamber.code, 'records.write');
  const [target, setTarget] = useState<RoadmapTarget | null>(null);
  const all = measuresInOrder(data.plan);
  const index = /^\d+$/.test(number) ? all.findIndex((l) => l.measure.number === Number(number)) : -1;
  const here = all[index];
  if (!here) return <NotFoundPage message={`施策${number}はこの計画にありません。`} />;

  const { strategy, measure } = here;
  const base = `/c/${encodeURIComponent(data.chamber.code)}`;
  const years = fiscalYearRange(data.plan.period.from, data.plan.period.to);
  // The plan lists its indicators beside the 取組内容 (e.g. 事業承継計画の実現件数（累計）).
  const indicatorLabels = measure.goals.flatMap((g) => g.kpis.map((k) => k.label)).filter((l): l is string => l !== null);
  const prev = all[index - 1];
  const next = all[index + 1];
  const label = toFullWidthDigits(strategyLabel(strategy));
  // The 工程表 with its progress once it is here (the plan's own rows until then, or if it fails).
  const tracked = roadmap.data?.measures.find((m) => m.number === measure.number);

  return (
    <article className="page measure">
      <title>{`施策${measure.number} ${measure.title} | しるべ`}</title>
      <Breadcrumbs className="breadcrumbs" classNames={{ separator: 'breadcrumb-separator no-print' }} separator="›" mb="xs">
        <Anchor component={Link} to={`${base}/overview`} size="sm" className="no-print">
          概要
        </Anchor>
        <Text size="sm" c="dimmed">
          {label} {strategy.title}
        </Text>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-start" wrap="nowrap" mb="lg">
        <Title order={1} className="page-title">
          施策{measure.number} {measure.title}
        </Title>
        <PrintButton />
      </Group>

      <Stack gap="xl">
        <section className="section">
          <Title order={2} className="section-title">
            １ 施策展開方向
          </Title>
          <Paragraphs text={measure.direction} />
        </section>

        <section className="section">
          <Title order={2} className="section-title">
            ２ 施策目標
          </Title>
          <Stack gap="lg">
            {measure.goals.map((g) => (
              <div key={g.number} className="goal">
                <Title order={3} className="item-title">
                  {parenNumber(g.number)}
                  {g.title}
                </Title>
                <Paragraphs text={g.description} />
                {g.kpis.map((k) => (
                  <Fragment key={k.code}>
                    <KpiTable kpi={k} years={years} />
                    <TargetRevisions kpi={k} years={years} />
                    <KpiTrendChart chamber={data.chamber.code} code={k.code} />
                  </Fragment>
                ))}
              </div>
            ))}
          </Stack>
        </section>

        <section className="section">
          <Title order={2} className="section-title">
            ３ 取組内容
          </Title>
          {indicatorLabels.length > 0 && (
            <div className="indicator-labels" data-testid="indicator-labels">
              <Text className="indicator-labels-caption">取組の成果をはかる指標</Text>
              <ul>
                {indicatorLabels.map((label) => (
                  <li key={label}>{label}</li>
                ))}
              </ul>
            </div>
          )}
          <Stack gap="xl">
            {measure.initiatives.map((i) => (
              <div key={i.number} className="initiative">
                <Title order={3} className="item-title">
                  {parenNumber(i.number)}
                  {i.title}
                </Title>
                <Paragraphs text={i.description} />
                {i.actions.length > 0 && (
                  <div className="actions">
                    {i.actions.map((a) => (
                      <div key={a.number} className="action">
                        <Text className="action-title">
                          {circledNumber(a.number)}
                          {a.title}
                        </Text>
                        <Paragraphs text={a.text} />
                      </div>
                    ))}
                  </div>
                )}
                {i.roadmap.length > 0 && (
                  <div className="roadmap-block" data-initiative={i.number}>
                    <Text className="roadmap-caption">【取組実施工程表】</Text>
                    <TrackedRoadmap
                      plannedRows={i.roadmap}
                      trackedRows={tracked?.initiatives.find((t) => t.number === i.number)?.rows}
                      years={years}
                      onEntry={(item, entry) => setTarget({ measure: measure.number, initiative: i, item, entry })}
                    />
                  </div>
                )}
              </div>
            ))}
          </Stack>
        </section>
      </Stack>

      <RoadmapEntryModal chamber={data.chamber.code} target={target} years={years} canWrite={canWrite} onClose={() => setTarget(null)} />

      <nav className="pager no-print" aria-label="前後の施策">
        {prev ? (
          <Anchor component={Link} to={`${base}/measures/${prev.measure.number}`} className="pager-link pager-prev">
            <span className="pager-dir">← 前の施策</span>
            <span>
              施策{prev.measure.number} {prev.measure.title}
            </span>
          </Anchor>
        ) : (
          <span />
        )}
        {next ? (
          <Anchor component={Link} to={`${base}/measures/${next.measure.number}`} className="pager-link pager-next">
            <span className="pager-dir">次の施策 →</span>
            <span>
              施策{next.measure.number} {next.measure.title}
            </span>
          </Anchor>
        ) : (
          <span />
        )}
      </nav>
    </article>
  );
}

function TrackedRoadmap({
  plannedRows,
  trackedRows,
  years,
  onEntry,
}: {
  plannedRows: Measure['initiatives'][number]['roadmap'];
  trackedRows: { items: RoadmapItem[] }[] | undefined;
  years: number[];
  onEntry(item: RoadmapItem, entry: RoadmapItem['entries'][number]): void;
}) {
  if (!trackedRows) return <RoadmapGrid rows={plannedRows} years={years} />;
  return (
    <RoadmapGrid
      rows={trackedRows}
      years={years}
      onEntry={(item, entry) => {
        const found = trackedRows.flatMap((r) => r.items).find((x) => x.id === item.id);
        if (found) onEntry(found, entry);
      }}
    />
  );
}
