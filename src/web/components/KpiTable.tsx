/**
 * One KPI as the plan prints it: 指標 | 基準値 | the period's years, sub-KPIs (うち) as
 * indented groups, and the definition in brackets below. Each KPI is a group of rows:
 *
 *   目標値 row  [data-kpi-code]         name, baseline (spanning the group), the targets each year is
 *                                       rated against, with 当初 under a revised one and its history
 *                                       as the cell's title
 *   実績値 row  [data-kpi-actual-code]  label, the actuals (each linking to its drill-down)
 *   達成率 row  [data-kpi-rate-code]    label, the 達成率 badges
 *
 * Every cell is a <td>. The actuals come from one request for all years
 * (useKpiResults), shared by every table on the page.
 */
import { Anchor, Badge, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { formatFiscalYear } from '../../domain/fiscal-calendar.js';
import { type KpiResultMap, kpiResultKey, useKpiResults } from '../api.js';
import { formatTarget } from '../format.js';
import { usePlanData } from '../plan-context.js';
import type { Kpi, SubKpi } from '../types.js';
import { actualText, MissingNote, ProvisionalMark, RateBadge } from './KpiFigures.js';
import { revisionTitle, TargetFigure } from './TargetFigure.js';

interface KpiTableProps {
  kpi: Kpi;
  /** The fiscal years of the plan's period. */
  years: number[];
}

export function KpiTable({ kpi, years }: KpiTableProps) {
  const data = usePlanData();
  const actuals = useKpiResults(data.chamber.code);
  const subsWithDefinition = kpi.breakdown.filter((s) => s.definition !== null || s.definitionNote !== null);
  const drillDownBase = `/c/${encodeURIComponent(data.chamber.code)}/kpis`;
  const rowProps = { years, actuals, drillDownBase };
  return (
    <div className="kpi-block">
      <Table.ScrollContainer minWidth={680} type="native" className="table-scroll">
        <Table className="kpi-table" withTableBorder withColumnBorders layout="fixed" tabularNums>
          <colgroup>
            <col className="kpi-col-name" />
            <col />
            {years.map((y) => (
              <col key={y} />
            ))}
          </colgroup>
          <Table.Thead>
            <Table.Tr>
              <Table.Th rowSpan={2} className="kpi-head-name">
                指標
                <span className="kpi-unit">（単位：{kpi.unit}）</span>
              </Table.Th>
              <Table.Th className="kpi-head">基準値</Table.Th>
              <Table.Th className="kpi-head" colSpan={years.length}>
                目標値・実績値・達成率
              </Table.Th>
            </Table.Tr>
            <Table.Tr>
              <Table.Th className="kpi-head">{formatFiscalYear(kpi.baselineYear, 'short')}</Table.Th>
              {years.map((y) => (
                <Table.Th key={y} className="kpi-head">
                  {formatFiscalYear(y, 'short')}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            <KpiRows kpi={kpi} parentUnit={null} {...rowProps} />
            {kpi.breakdown.map((sub) => (
              <KpiRows key={sub.code} kpi={sub} parentUnit={kpi.unit} {...rowProps} />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {kpi.definition !== null && <Text className="kpi-definition">[{kpi.definition}]</Text>}
      {kpi.definitionNote !== null && <Text className="kpi-note">{kpi.definitionNote}</Text>}
      {subsWithDefinition.map((sub) => (
        <div key={sub.code}>
          {sub.definition !== null && (
            <Text className="kpi-definition">
              うち{sub.name}：[{sub.definition}]
            </Text>
          )}
          {sub.definitionNote !== null && <Text className="kpi-note">{sub.definitionNote}</Text>}
        </div>
      ))}
    </div>
  );
}

interface KpiRowsProps {
  kpi: Kpi | SubKpi;
  years: number[];
  parentUnit: string | null;
  actuals: ReturnType<typeof useKpiResults>;
  drillDownBase: string;
}

function KpiRows({ kpi, years, parentUnit, actuals, drillDownBase }: KpiRowsProps) {
  const isSub = parentUnit !== null;
  // The targets are the ones each year is rated against; the history says 当初 and each revision.
  const history = usePlanData().kpis.find((k) => k.code === kpi.code)?.targetHistory;
  const groupClass = isSub ? 'kpi-row kpi-row-sub' : 'kpi-row';
  // The error takes one row (its message across the years); results take two.
  const extraRows = actuals.isError ? 1 : 2;
  return (
    <>
      <Table.Tr data-kpi-code={kpi.code} className={`${groupClass} kpi-row-target`}>
        <Table.Td className="kpi-name">
          <div className="kpi-name-inner">
            <span>
              {isSub ? `うち${kpi.name}` : kpi.name}
              {isSub && kpi.unit !== parentUnit && <span className="kpi-unit">（単位：{kpi.unit}）</span>}
              {kpi.cumulative && (
                <Badge className="kpi-badge" size="xs" variant="light" color="grape" ml={6}>
                  累計
                </Badge>
              )}
            </span>
            <span className="kpi-row-label">目標値</span>
          </div>
        </Table.Td>
        <Table.Td className="kpi-value kpi-baseline" rowSpan={1 + extraRows}>
          {kpi.baseline === null ? '—' : formatTarget(kpi.baseline)}
        </Table.Td>
        {years.map((y) => {
          const target = kpi.targets[String(y)];
          const unset = target === null || target === undefined;
          const year = history?.find((h) => h.fiscalYear === y);
          return (
            <Table.Td
              key={y}
              className={`${unset ? 'kpi-value kpi-unset' : 'kpi-value'}${year && year.revisions.length > 0 ? ' kpi-target-history' : ''}`}
              title={revisionTitle(year)}
              data-target-year={y}
            >
              <TargetFigure target={target} year={year} />
            </Table.Td>
          );
        })}
      </Table.Tr>
      {actuals.isError ? (
        <Table.Tr data-kpi-actual-code={kpi.code} className={`${groupClass} kpi-row-actual`}>
          <Table.Td className="kpi-row-label-cell">実績値</Table.Td>
          <Table.Td colSpan={years.length} className="kpi-actual-error" role="alert">
            実績値を読み込めませんでした：{actuals.error.message}
          </Table.Td>
        </Table.Tr>
      ) : (
        <>
          <Table.Tr data-kpi-actual-code={kpi.code} className={`${groupClass} kpi-row-actual`}>
            <Table.Td className="kpi-row-label-cell">実績値</Table.Td>
            {years.map((y) => (
              <Table.Td key={y} className="kpi-value kpi-actual">
                <ActualCell code={kpi.code} fiscalYear={y} results={actuals.data} drillDownBase={drillDownBase} />
              </Table.Td>
            ))}
          </Table.Tr>
          <Table.Tr data-kpi-rate-code={kpi.code} className={`${groupClass} kpi-row-rate`}>
            <Table.Td className="kpi-row-label-cell">達成率</Table.Td>
            {years.map((y) => {
              const result = actuals.data?.get(kpiResultKey(kpi.code, y));
              return (
                <Table.Td key={y} className="kpi-value kpi-rate">
                  {actuals.isPending ? <Pending /> : result ? <RateBadge result={result} /> : null}
                </Table.Td>
              );
            })}
          </Table.Tr>
        </>
      )}
    </>
  );
}

interface ActualCellProps {
  code: string;
  fiscalYear: number;
  results: KpiResultMap | undefined;
  drillDownBase: string;
}

function ActualCell({ code, fiscalYear, results, drillDownBase }: ActualCellProps) {
  if (!results) return <Pending />;
  const result = results.get(kpiResultKey(code, fiscalYear));
  if (!result) return null;
  const text = actualText(result);
  if (text === null) return <MissingNote result={result} />;
  return (
    <>
      {result.provisional && <ProvisionalMark finalOn={result.finalOn} />}
      <Anchor
        component={Link}
        to={`${drillDownBase}/${encodeURIComponent(code)}/${fiscalYear}`}
        className="kpi-actual-link"
        aria-label={`${formatFiscalYear(fiscalYear, 'short')}の実績 ${text}${result.unit} の内訳`}
      >
        {text}
      </Anchor>
    </>
  );
}

function Pending() {
  return (
    <Text span c="dimmed" size="xs" aria-label="読み込み中">
      …
    </Text>
  );
}
