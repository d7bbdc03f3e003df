/**
 * 総括: the slogan, 目指す姿, 基本方針, the reasons for the own strategies, and the
 * 戦略・施策の体系表 linking each measure.
 */
import { Anchor, Group, Stack, Table, Text, Title } from '@mantine/core';
import { Fragment } from 'react';
import { Link } from 'react-router';
import { formatFiscalYear } from '../../domain/fiscal-calendar.js';
import { strategyLabel } from '../../domain/plan/labels.js';
import { Paragraphs } from '../components/Paragraphs.js';
import { PrintButton } from '../components/PrintButton.js';
import { parenNumber, toFullWidthDigits } from '../format.js';
import { usePlanData } from '../plan-context.js';
import type { Strategy } from '../types.js';

export function OverviewPage() {
  const data = usePlanData();
  const { plan } = data;
  const base = `/c/${encodeURIComponent(data.chamber.code)}`;
  const ownStrategies = plan.strategies.filter((s) => s.kind === 'own');
  return (
    <article className="page overview">
      <title>{`${plan.title} | しるべ`}</title>
      <Group justify="space-between" align="flex-start" wrap="nowrap" mb="lg">
        <div>
          <Text c="dimmed" size="sm">
            {data.chamber.name}
          </Text>
          <Title order={1} className="page-title">
            {plan.title}
          </Title>
          <Text c="dimmed" size="sm" mt={4}>
            計画期間 {formatFiscalYear(plan.period.from)}〜{formatFiscalYear(plan.period.to)}（基準年度{' '}
            {formatFiscalYear(plan.baselineYear)}）
          </Text>
        </div>
        <PrintButton />
      </Group>

      <Stack gap="xl">
        {plan.slogan && (
          <section className="section">
            <Title order={2} className="section-title">
              スローガン
            </Title>
            <Text className="slogan-title">『{plan.slogan.title}』</Text>
            <Paragraphs text={plan.slogan.text} />
          </section>
        )}

        {plan.vision && (
          <section className="section">
            <Title order={2} className="section-title">
              目指す姿
            </Title>
            <Text className="vision-title">{plan.vision.title}</Text>
            <Paragraphs text={plan.vision.text} />
          </section>
        )}

        {plan.policies.length > 0 && (
          <section className="section">
            <Title order={2} className="section-title">
              基本方針
            </Title>
            <Stack gap="sm">
              {plan.policies.map((p) => (
                <div key={p.number} className="numbered">
                  <Title order={3} className="item-title">
                    {parenNumber(p.number)}
                    {p.title}
                  </Title>
                  <Paragraphs text={p.text} />
                </div>
              ))}
            </Stack>
          </section>
        )}

        {ownStrategies.length > 0 && (
          <section className="section">
            <Title order={2} className="section-title">
              独自戦略の設定理由とその概要
            </Title>
            <Stack gap="sm">
              {ownStrategies.map((s) => (
                <div key={s.number} className="numbered">
                  <Title order={3} className="item-title">
                    【{toFullWidthDigits(strategyLabel(s))}】{s.title}
                  </Title>
                  <Paragraphs text={s.reason} />
                </div>
              ))}
            </Stack>
          </section>
        )}

        <section className="section">
          <Title order={2} className="section-title">
            戦略・施策の体系表
          </Title>
          <StrategyTable strategies={plan.strategies} base={base} />
        </section>
      </Stack>
    </article>
  );
}

function StrategyTable({ strategies, base }: { strategies: Strategy[]; base: string }) {
  return (
    <Table.ScrollContainer minWidth={560} type="native" className="table-scroll">
      <Table className="system-table" withTableBorder withColumnBorders verticalSpacing="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th className="system-col-strategy">戦略</Table.Th>
            <Table.Th>施策</Table.Th>
            <Table.Th className="system-col-page">頁</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {strategies.map((s) => {
            const strategyCell = (rows: number) => (
              <Table.Td rowSpan={rows} className="system-strategy">
                <Text fw={700} size="sm" c={s.kind === 'own' ? 'grape.8' : 'teal.8'}>
                  {toFullWidthDigits(strategyLabel(s))}
                </Text>
                <Text size="sm">{s.title}</Text>
              </Table.Td>
            );
            const key = `${s.kind}-${s.number}`;
            if (s.measures.length === 0) {
              return (
                <Table.Tr key={key}>
                  {strategyCell(1)}
                  <Table.Td />
                  <Table.Td />
                </Table.Tr>
              );
            }
            return (
              <Fragment key={key}>
                {s.measures.map((m, i) => (
                  <Table.Tr key={m.number}>
                    {i === 0 && strategyCell(s.measures.length)}
                    <Table.Td>
                      <Anchor component={Link} to={`${base}/measures/${m.number}`}>
                        施策{m.number} {m.title}
                      </Anchor>
                    </Table.Td>
                    <Table.Td className="system-page">{m.page === null ? '' : `P${m.page}`}</Table.Td>
                  </Table.Tr>
                ))}
              </Fragment>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
