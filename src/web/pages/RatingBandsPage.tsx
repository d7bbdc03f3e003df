/**
 * 評価の段階 (administrators): the bands a 達成率 falls in, best first, with their labels and
 * marks; the standard set (A ≥ 100 %, B ≥ 80 %, C ≥ 30 %, D) or the 秋田 wording
 * (順調 ○ / 概ね順調 △ / 一部未達成 ×) to start from, then any change. The server checks the
 * set and says what is wrong, band by band.
 */
import { Alert, Button, Group, NumberInput, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ApiValidationError, getJson, sendJson } from '../api.js';
import { ErrorAlert, PageLoader } from '../components/Status.js';
import { useCan } from '../permissions.js';
import { usePlanData } from '../plan-context.js';

interface Band {
  code: string;
  label: string;
  mark?: string | undefined;
  min: number;
}
interface BandsBody {
  bands: Band[];
  custom: boolean;
  presets: { default: Band[]; akita: Band[] };
}

export function RatingBandsPage() {
  const data = usePlanData();
  const chamber = data.chamber.code;
  const path = `/api/v1/chambers/${encodeURIComponent(chamber)}/rating-bands`;
  const canEdit = useCan(chamber, 'settings.manage');
  const query = useQuery({ queryKey: ['rating-bands', chamber], queryFn: () => getJson<BandsBody>(path) });
  const [bands, setBands] = useState<Band[]>([]);
  useEffect(() => {
    if (query.data) setBands(query.data.bands);
  }, [query.data]);
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (next: Band[] | null) => sendJson<BandsBody>('PUT', path, { bands: next }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['rating-bands', chamber] });
      await queryClient.invalidateQueries({ queryKey: ['progress', chamber] });
    },
  });
  if (query.isPending) return <PageLoader />;
  if (query.isError) return <ErrorAlert error={query.error} />;
  const { presets, custom } = query.data;
  const set = (i: number, change: Partial<Band>) => setBands((bs) => bs.map((b, j) => (j === i ? { ...b, ...change } : b)));
  const error = save.error?.message ?? null;
  const details = save.error instanceof ApiValidationError ? save.error.details : [];
  return (
    <article className="page rating-bands">
      <title>評価の段階 | しるべ</title>
      <Title order={1} className="page-title" mb="xs">
        評価の段階
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        KPIの達成率（年度中は年度末の見込み）がどの評価になるかを決めます。よい順に並べ、下限（%）以上がその評価です。最後の段階は「それ未満すべて」です。
        {custom ? '　いまはこの商工会独自の段階です。' : '　いまは標準の段階です。'}
      </Text>
      <Paper withBorder p="md" maw={720}>
        <Stack>
          {canEdit && (
            <Group gap="xs">
              <Text size="sm">ひな形:</Text>
              <Button size="xs" variant="default" onClick={() => setBands(presets.default)}>
                標準（A〜D）
              </Button>
              <Button size="xs" variant="default" onClick={() => setBands(presets.akita)}>
                秋田県の評価シート（順調○・概ね順調△・一部未達成×）
              </Button>
            </Group>
          )}
          {error && (
            <Alert color="red" variant="light" role="alert">
              {error}
              {details.map((d) => (
                <div key={`${d.location}-${d.message}`}>
                  {d.location}: {d.message}
                </div>
              ))}
            </Alert>
          )}
          {save.isSuccess && (
            <Alert color="teal" variant="light" role="status">
              保存しました。進捗の評価はこの段階で表示されます。
            </Alert>
          )}
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={90}>コード</Table.Th>
                <Table.Th>評価</Table.Th>
                <Table.Th w={80}>記号</Table.Th>
                <Table.Th w={150}>下限（%以上）</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {bands.map((b, i) => {
                const last = i === bands.length - 1;
                return (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a row is the n-th band (never reordered); the code is edited in it, so it cannot be the key
                  <Table.Tr key={i} data-band={i}>
                    <Table.Td>
                      <TextInput
                        aria-label={`${i + 1}段目のコード`}
                        value={b.code}
                        disabled={!canEdit}
                        onChange={(e) => set(i, { code: e.currentTarget.value })}
                        size="xs"
                      />
                    </Table.Td>
                    <Table.Td>
                      <TextInput
                        aria-label={`${i + 1}段目の評価`}
                        value={b.label}
                        disabled={!canEdit}
                        onChange={(e) => set(i, { label: e.currentTarget.value })}
                        size="xs"
                      />
                    </Table.Td>
                    <Table.Td>
                      <TextInput
                        aria-label={`${i + 1}段目の記号`}
                        value={b.mark ?? ''}
                        disabled={!canEdit}
                        onChange={(e) => set(i, { mark: e.currentTarget.value || undefined })}
                        size="xs"
                      />
                    </Table.Td>
                    <Table.Td>
                      {last ? (
                        <Text size="sm" c="dimmed">
                          それ未満すべて
                        </Text>
                      ) : (
                        <NumberInput
                          aria-label={`${i + 1}段目の下限`}
                          value={b.min}
                          disabled={!canEdit}
                          onChange={(v) => set(i, { min: typeof v === 'number' ? v : Number(v) })}
                          size="xs"
                          suffix="%"
                        />
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
          {canEdit && (
            <Group>
              <Button onClick={() => save.mutate(bands)} loading={save.isPending}>
                保存する
              </Button>
              {custom && (
                <Button variant="subtle" onClick={() => save.mutate(null)}>
                  標準に戻す
                </Button>
              )}
            </Group>
          )}
        </Stack>
      </Paper>
    </article>
  );
}
