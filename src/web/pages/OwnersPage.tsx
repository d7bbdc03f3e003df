/**
 * 担当者と未入力のデータ: the KPIs by owner, each with what can be entered now and is not there
 * yet (this year's statistics, last year's finances and manual actuals). Staff set a KPI's
 * owner here; those who only read see the list.
 */
import { Alert, Anchor, Autocomplete, Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { formatJapaneseDate } from '../../domain/fiscal-calendar.js';
import type { OwnersBody } from '../../http/schemas/owners.js';
import { getJson, sendJson } from '../api.js';
import { formError } from '../components/FieldErrors.js';
import { PrintButton } from '../components/PrintButton.js';
import { ErrorAlert, PageLoader } from '../components/Status.js';
import { useCan } from '../permissions.js';
import { usePlanData } from '../plan-context.js';

type OwnedKpi = OwnersBody['groups'][number]['kpis'][number];

export function OwnersPage() {
  const data = usePlanData();
  const chamber = data.chamber.code;
  const path = `/api/v1/chambers/${encodeURIComponent(chamber)}/owners`;
  const view = useQuery({ queryKey: ['owners', chamber], queryFn: () => getJson<OwnersBody>(path) });
  const canEdit = useCan(chamber, 'records.write');
  const allowed = useCan(chamber, 'records.read');
  if (!allowed) return <ErrorAlert error={new Error('このページは商工会の職員・閲覧のアカウントで見られます')} title="権限がありません" />;
  if (view.isPending) return <PageLoader />;
  if (view.isError) return <ErrorAlert error={view.error} />;
  const body = view.data;
  const owners = body.groups.map((g) => g.owner).filter((o) => o !== '担当者未設定');
  const base = `/c/${encodeURIComponent(chamber)}`;
  return (
    <article className="page owners">
      <title>担当者と未入力のデータ | しるべ</title>
      <Group justify="space-between" align="flex-end" mb="md">
        <div>
          <Title order={1} className="page-title">
            担当者と未入力のデータ
          </Title>
          <Text size="sm" c="dimmed" mt={4}>
            {formatJapaneseDate(body.today)}
            時点。今年度の統計値（4月1日時点）と、前年度の財務・手入力の実績値のうち、まだ入力されていないものを担当者ごとに示します。
          </Text>
        </div>
        <PrintButton />
      </Group>
      {body.gaps.length === 0 ? (
        <Alert color="teal" variant="light" mb="md">
          いま入力できるデータはすべてそろっています。
        </Alert>
      ) : (
        <Alert color="orange" variant="light" mb="md" role="status">
          未入力のデータが {body.gaps.length} 件あります。
        </Alert>
      )}
      <Stack gap="lg">
        {body.groups.map((g) => {
          const gaps = g.kpis.reduce((n, k) => n + k.gaps.length, 0);
          return (
            <Paper key={g.owner} withBorder p="md" data-owner={g.owner}>
              <Group gap="sm" mb="xs">
                <Title order={2} size="h4">
                  {g.owner}
                </Title>
                {gaps > 0 ? (
                  <Badge color="orange" variant="light">
                    未入力 {gaps} 件
                  </Badge>
                ) : (
                  <Badge color="teal" variant="light">
                    そろっています
                  </Badge>
                )}
              </Group>
              <Table verticalSpacing={6} className="owners-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>KPI</Table.Th>
                    <Table.Th>未入力のデータ</Table.Th>
                    {canEdit && <Table.Th w={300}>担当者</Table.Th>}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {g.kpis.map((k) => (
                    <Table.Tr key={k.kpi.code} data-owned-kpi={k.kpi.code}>
                      <Table.Td>
                        <Anchor component={Link} to={`${base}/measures/${k.kpi.measure}`} size="sm">
                          {k.kpi.name}
                        </Anchor>
                        <Text size="xs" c="dimmed">
                          {k.kpi.code}　施策{k.kpi.measure}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        {k.gaps.length === 0 ? (
                          <Text size="sm" c="dimmed">
                            —
                          </Text>
                        ) : (
                          k.gaps.map((gap) => (
                            <Text key={gap.fiscalYear} size="sm" c="orange.8">
                              {gap.message}
                            </Text>
                          ))
                        )}
                      </Table.Td>
                      {canEdit && (
                        <Table.Td>
                          <OwnerEditor chamber={chamber} item={k} owners={owners} />
                        </Table.Td>
                      )}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Paper>
          );
        })}
      </Stack>
    </article>
  );
}

function OwnerEditor({ chamber, item, owners }: { chamber: string; item: OwnedKpi; owners: string[] }) {
  const [value, setValue] = useState(item.kpi.owner ?? '');
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: () =>
      sendJson('PUT', `/api/v1/chambers/${encodeURIComponent(chamber)}/kpis/${encodeURIComponent(item.kpi.code)}/owner`, { owner: value }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['owners', chamber] }),
  });
  const changed = value.trim() !== (item.kpi.owner ?? '');
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (changed) save.mutate();
      }}
    >
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <Autocomplete
          aria-label={`${item.kpi.name}の担当者`}
          placeholder="例: 経営指導員 佐藤"
          data={owners}
          value={value}
          onChange={setValue}
          error={save.isError ? formError(save.error) : undefined}
          size="xs"
          w={200}
        />
        <Button type="submit" size="xs" variant="default" disabled={!changed} loading={save.isPending}>
          保存
        </Button>
      </Group>
    </form>
  );
}
