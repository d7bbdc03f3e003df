/**
 * One KPI as the plan prints it: 指標 | 基準値 | 目標値 by fiscal year, sub-KPIs (うち)
 * as indented rows, and the definition in brackets below. Every cell of a KPI row is a
 * <td>, in order: name, baseline, then the targets of the period's years.
 */
import { Badge, Table, Text } from '@mantine/core';
import { formatFiscalYear } from '../../domain/fiscal-calendar.js';
import { formatTarget } from '../format.js';
import type { Kpi, SubKpi } from '../types.js';

interface KpiTableProps {
  kpi: Kpi;
  /** The fiscal years of the plan's period. */
  years: number[];
}

export function KpiTable({ kpi, years }: KpiTableProps) {
  const subsWithDefinition = kpi.breakdown.filter((s) => s.definition !== null || s.definitionNote !== null);
  return (
    <div className="kpi-block">
      <Table.ScrollContainer minWidth={620} type="native" className="table-scroll">
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
                目標値
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
            <KpiRow kpi={kpi} years={years} parentUnit={null} />
            {kpi.breakdown.map((sub) => (
              <KpiRow key={sub.code} kpi={sub} years={years} parentUnit={kpi.unit} />
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

function KpiRow({ kpi, years, parentUnit }: { kpi: Kpi | SubKpi; years: number[]; parentUnit: string | null }) {
  const isSub = parentUnit !== null;
  return (
    <Table.Tr data-kpi-code={kpi.code} className={isSub ? 'kpi-row kpi-row-sub' : 'kpi-row'}>
      <Table.Td className="kpi-name">
        {isSub ? `うち${kpi.name}` : kpi.name}
        {isSub && kpi.unit !== parentUnit && <span className="kpi-unit">（単位：{kpi.unit}）</span>}
        {kpi.cumulative && (
          <Badge className="kpi-badge" size="xs" variant="light" color="grape" ml={6}>
            累計
          </Badge>
        )}
      </Table.Td>
      <Table.Td className="kpi-value">{kpi.baseline === null ? '—' : formatTarget(kpi.baseline)}</Table.Td>
      {years.map((y) => {
        const target = kpi.targets[String(y)];
        const unset = target === null || target === undefined;
        return (
          <Table.Td key={y} className={unset ? 'kpi-value kpi-unset' : 'kpi-value'}>
            {formatTarget(target)}
          </Table.Td>
        );
      })}
    </Table.Tr>
  );
}
