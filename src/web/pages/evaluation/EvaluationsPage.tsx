/**
 * 評価 (/c/:chamber/evaluations?year=2024): a fiscal year's evaluation at a glance: every measure
 * with its sheet's state and 総合評価, the 評価委員会's 総評 (entered by staff on its behalf), and
 * the 総括表 (様式1) as .xlsx or as its A4 landscape print page (印刷 → PDFに保存).
 */
import { Alert, Anchor, Badge, Button, Group, Paper, Select, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { OVERALL_LABELS, SHEET_STATE_LABELS } from '../../../domain/evaluation/sheet.js';
import { formatFiscalYear } from '../../../domain/fiscal-calendar.js';
import { getJson, sendJson } from '../../api.js';
import { ErrorAlert, PageLoader } from '../../components/Status.js';
import { useCan } from '../../permissions.js';
import { usePlanData } from '../../plan-context.js';
import type { EvaluationOverviewBody } from '../../types.js';
import { defaultYear, evaluableYears, evaluationPath, yearLabel } from './shared.js';

const STATE_COLORS = { none: 'gray', draft: 'yellow', submitted: 'green' } as const;

export function EvaluationsPage() {
  const data = usePlanData();
  const chamber = data.chamber.code;
  const [params, setParams] = useSearchParams();
  const years = evaluableYears(data.plan.period);
  const year = Number(params.get('year')) || defaultYear(data.plan.period);
  const path = evaluationPath(chamber, year);
  const query = useQuery({ queryKey: ['evaluation', chamber, year], queryFn: () => getJson<EvaluationOverviewBody>(path) });
  const base = `/c/${encodeURIComponent(chamber)}/evaluations/${year}`;
  return (
    <article className="page evaluations">
      <title>評価 | しるべ</title>
      <Group justify="space-between" align="flex-end" mb="md">
        <div>
          <Title order={1} className="page-title">
            年度の評価
          </Title>
          <Text size="sm" c="dimmed">
            施策ごとの評価シート（様式2）と総括表（様式1）。年度が終わってから（4月〜6月）評価し、提出します。
          </Text>
        </div>
        <Select
          label="年度"
          data={years.map((y) => ({ value: String(y), label: yearLabel(y) }))}
          value={String(year)}
          onChange={(v) => v && setParams({ year: v })}
          allowDeselect={false}
          w={220}
        />
      </Group>
      {query.isPending ? (
        <PageLoader />
      ) : query.isError ? (
        <ErrorAlert error={query.error} />
      ) : (
        <Stack>
          {!query.data.closed && (
            <Alert color="yellow" variant="light">
              {formatFiscalYear(year)}はまだ終わっていません。実績値は今日までのもので、シートは下書きまでです（提出は年度が終わってから）。
            </Alert>
          )}
          <Group gap="sm">
            <Text fw={700}>総括表（様式1）:</Text>
            <Button component={Link} to={`${base}/summary`} variant="default" size="xs">
              印刷・PDF（A4横）
            </Button>
            <Button component="a" href={`${path}/summary.xlsx`} variant="default" size="xs" download>
              Excel（.xlsx）
            </Button>
          </Group>
          <Table withTableBorder className="evaluation-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>戦略</Table.Th>
                <Table.Th>施策</Table.Th>
                <Table.Th>状態</Table.Th>
                <Table.Th>総合評価</Table.Th>
                <Table.Th>評価委員会のコメント</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {query.data.strategies.flatMap((s) =>
                s.measures.map((m, i) => (
                  <Table.Tr key={m.number} data-measure={m.number}>
                    {i === 0 && (
                      <Table.Td rowSpan={s.measures.length} className="strategy-cell">
                        {s.label}
                      </Table.Td>
                    )}
                    <Table.Td>
                      <Anchor component={Link} to={`${base}/${m.number}`}>
                        {m.number} {m.title}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Badge color={STATE_COLORS[m.state]} variant="light" data-state={m.state}>
                        {SHEET_STATE_LABELS[m.state]}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{m.overall ? `${m.overall} ${OVERALL_LABELS[m.overall]}` : '—'}</Table.Td>
                    <Table.Td>
                      <Text size="sm" lineClamp={2}>
                        {m.committeeComment || '—'}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                )),
              )}
            </Table.Tbody>
          </Table>
          <GeneralComment chamber={chamber} year={year} path={path} current={query.data.generalComment} />
        </Stack>
      )}
    </article>
  );
}

function GeneralComment({
  chamber,
  year,
  path,
  current,
}: {
  chamber: string;
  year: number;
  path: string;
  current: EvaluationOverviewBody['generalComment'];
}) {
  const canWrite = useCan(chamber, 'evaluation.write');
  const [text, setText] = useState(current?.comment ?? '');
  useEffect(() => setText(current?.comment ?? ''), [current?.comment]);
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: () => sendJson('PUT', `${path}/general-comment`, { comment: text }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['evaluation', chamber, year] }),
  });
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="xs">
        評価委員会の総評
      </Title>
      {canWrite ? (
        <Stack gap="xs">
          <Textarea
            aria-label="評価委員会の総評"
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            autosize
            minRows={3}
            description="評価委員会の総評を、職員が委員会に代わって入力します"
            error={save.error?.message}
          />
          <Group>
            <Button size="xs" onClick={() => save.mutate()} loading={save.isPending}>
              総評を保存
            </Button>
            {current && (
              <Text size="xs" c="dimmed">
                最終入力: {current.updatedBy}（{current.updatedAt.slice(0, 10)}）
              </Text>
            )}
            {save.isSuccess && (
              <Text size="xs" c="green">
                保存しました
              </Text>
            )}
          </Group>
        </Stack>
      ) : (
        <Text className="preline">{current?.comment || '（まだありません）'}</Text>
      )}
    </Paper>
  );
}
