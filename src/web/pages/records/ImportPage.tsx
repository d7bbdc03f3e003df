/**
 * 取り込み: a CSV from Excel (UTF-8 or Shift_JIS) into one kind of record, in two steps. First
 * a check that writes nothing and says what would be added and changed, or every problem by
 * line and column; then, on the user's word, the import itself. Both run as jobs on the server,
 * so a large file shows how far it has got: the upload first, then the rows.
 */
import '@mantine/core/styles/Progress.css';
import { Alert, Anchor, Button, FileInput, Group, Paper, Progress, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { ImportJobBody, ImportKindsBody } from '../../../http/schemas/imports.js';
import { getJson, uploadFile } from '../../api.js';
import { ExportMenu } from '../../components/ExportMenu.js';
import { ErrorAlert, PageLoader } from '../../components/Status.js';
import { useCan } from '../../permissions.js';
import { usePlanData } from '../../plan-context.js';

type Step = { phase: 'idle' } | { phase: 'uploading'; share: number } | { phase: 'job'; id: string } | { phase: 'refused'; error: Error };

const ENCODING_LABELS: Record<string, string> = {
  'UTF-8': 'UTF-8',
  'UTF-8 (BOM)': 'UTF-8（BOM付き）',
  Shift_JIS: 'Shift_JIS',
  'EUC-JP': 'EUC-JP',
};

export function ImportPage() {
  const data = usePlanData();
  const chamber = data.chamber.code;
  const api = `/api/v1/chambers/${encodeURIComponent(chamber)}`;
  const canWrite = useCan(chamber, 'records.write');
  const kinds = useQuery({
    queryKey: ['import-kinds'],
    queryFn: () => getJson<ImportKindsBody>('/api/v1/import-kinds'),
    staleTime: Infinity,
  });
  const [kind, setKind] = useState('support');
  const [file, setFile] = useState<File | null>(null);
  const [step, setStep] = useState<Step>({ phase: 'idle' });
  const queryClient = useQueryClient();

  const job = useQuery({
    queryKey: ['import-job', chamber, step.phase === 'job' ? step.id : ''],
    queryFn: () => getJson<ImportJobBody>(`${api}/import-jobs/${step.phase === 'job' ? step.id : ''}`),
    enabled: step.phase === 'job',
    refetchInterval: (q) => (q.state.data?.state === 'running' || q.state.data === undefined ? 400 : false),
    staleTime: 0,
  });
  const finished = job.data && job.data.state !== 'running' ? job.data : null;

  // A real import changes the figures every page shows.
  useEffect(() => {
    if (finished?.state === 'done' && !finished.dryRun)
      void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'import-job' });
  }, [finished, queryClient]);

  if (!canWrite)
    return <ErrorAlert error={new Error('記録の取り込みは商工会の職員・管理者のアカウントでできます')} title="権限がありません" />;
  if (kinds.isPending) return <PageLoader />;
  if (kinds.isError) return <ErrorAlert error={kinds.error} />;
  const definition = kinds.data.kinds.find((k) => k.kind === kind) ?? kinds.data.kinds[0];
  if (!definition) return null;

  const start = async (dryRun: boolean) => {
    if (!file) return;
    setStep({ phase: 'uploading', share: 0 });
    try {
      const started = await uploadFile<ImportJobBody>(
        `${api}/import-jobs/${kind}?dryRun=${dryRun}&fileName=${encodeURIComponent(file.name)}`,
        file,
        (share) => setStep({ phase: 'uploading', share }),
      );
      setStep({ phase: 'job', id: started.id });
    } catch (e) {
      setStep({ phase: 'refused', error: e instanceof Error ? e : new Error(String(e)) });
    }
  };
  const busy = step.phase === 'uploading' || (step.phase === 'job' && !finished);
  const reset = () => setStep({ phase: 'idle' });

  return (
    <article className="page import">
      <title>取り込み | しるべ</title>
      <Title order={1} className="page-title" mb={4}>
        記録の取り込み
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        Excel で作った CSV（「CSV UTF-8」でも「CSV（コンマ区切り）」の Shift_JIS
        でも）を取り込みます。まず内容を確認し（何も書き込みません）、 よければ取り込みます。1行でも誤りがあれば何も書き込みません。
      </Text>
      <Stack gap="md">
        <Paper withBorder p="md">
          <Text fw={600} mb={6}>
            1. 記録の種類
          </Text>
          <SegmentedControl
            value={kind}
            onChange={(v) => {
              setKind(v);
              reset();
            }}
            data={kinds.data.kinds.map((k) => ({ value: k.kind, label: k.name }))}
            disabled={busy}
          />
          <Group justify="space-between" align="flex-start" mt="xs" wrap="nowrap">
            <Text size="sm">{definition.description}</Text>
            <ExportMenu chamber={chamber} kind={definition.kind} label={`今の${definition.name}を書き出す`} />
          </Group>
          <Table fz="xs" mt="xs" verticalSpacing={2} withTableBorder className="import-columns">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>見出し</Table.Th>
                <Table.Th>必須</Table.Th>
                <Table.Th>形式</Table.Th>
                <Table.Th>説明</Table.Th>
                <Table.Th>例</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {definition.columns.map((c) => (
                <Table.Tr key={c.header}>
                  <Table.Td>{c.header}</Table.Td>
                  <Table.Td>{c.required ? '○' : ''}</Table.Td>
                  <Table.Td>{c.format}</Table.Td>
                  <Table.Td>{c.description}</Table.Td>
                  <Table.Td>
                    <code>{c.example}</code>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>

        <Paper withBorder p="md">
          <Text fw={600} mb={6}>
            2. ファイル
          </Text>
          <Group align="flex-end">
            <FileInput
              label="CSV ファイル"
              placeholder="クリックして選ぶ"
              accept=".csv,text/csv"
              value={file}
              onChange={(f) => {
                setFile(f);
                reset();
              }}
              clearable
              w={360}
              disabled={busy}
            />
            <Button onClick={() => void start(true)} disabled={!file || busy} variant="light">
              内容を確認する（書き込みません）
            </Button>
          </Group>
          {step.phase === 'uploading' && (
            <Stack gap={4} mt="md">
              <Text size="sm">送信中… {Math.round(step.share * 100)}%</Text>
              <Progress value={step.share * 100} aria-label="送信" />
            </Stack>
          )}
          {step.phase === 'job' && job.data?.state === 'running' && (
            <Stack gap={4} mt="md">
              <Text size="sm">
                {job.data.dryRun ? '確認中' : '取り込み中'}…{' '}
                {job.data.total > 0 ? `${job.data.done.toLocaleString('ja-JP')} / ${job.data.total.toLocaleString('ja-JP')} 行` : ''}
              </Text>
              <Progress
                value={job.data.total > 0 ? (job.data.done / job.data.total) * 100 : 100}
                animated={job.data.total === 0}
                aria-label="取り込みの進み具合"
              />
            </Stack>
          )}
          {step.phase === 'refused' && <ErrorAlert error={step.error} title="送れませんでした" />}
          {step.phase === 'job' && job.isError && <ErrorAlert error={job.error} title="取り込みの状況を確かめられません" />}
        </Paper>

        {finished && (
          <JobResult
            job={finished}
            kindName={definition.name}
            headers={new Map(definition.columns.map((c) => [c.field, c.header]))}
            onImport={() => void start(false)}
            busy={busy}
            onAnother={() => {
              setFile(null);
              reset();
            }}
          />
        )}
      </Stack>
    </article>
  );
}

function JobResult({
  job,
  kindName,
  headers,
  onImport,
  onAnother,
  busy,
}: {
  job: ImportJobBody;
  kindName: string;
  /** Field → the header staff write (名前 for name). */
  headers: ReadonlyMap<string, string>;
  onImport(): void;
  onAnother(): void;
  busy: boolean;
}) {
  if (job.state === 'failed' && job.error) {
    return (
      <Paper withBorder p="md" data-testid="import-errors">
        <Alert color="red" variant="light" title="誤りがあります。何も書き込んでいません" role="alert" mb="sm">
          {job.error.message}
        </Alert>
        {job.error.details.length > 0 && (
          <Table fz="sm" verticalSpacing={4} striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={260}>場所</Table.Th>
                <Table.Th>内容</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {job.error.details.slice(0, 500).map((d, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the problems of one file, in their order; never reordered
                <Table.Tr key={i}>
                  <Table.Td>{d.location}</Table.Td>
                  <Table.Td>{d.message}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {job.error.details.length > 500 && (
          <Text size="sm" c="dimmed" mt="xs">
            ほか {job.error.details.length - 500} 件
          </Text>
        )}
        <Text size="sm" mt="sm">
          Excel でファイルを直して保存し、もう一度「内容を確認する」を押してください。
        </Text>
      </Paper>
    );
  }
  const r = job.result;
  if (!r) return null;
  const encoding = r.encoding ? (ENCODING_LABELS[r.encoding] ?? r.encoding) : '—';
  const counts = `${r.rows.toLocaleString('ja-JP')}行（${encoding}）: 追加 ${r.added.toLocaleString('ja-JP')}件・変更 ${r.changed.toLocaleString('ja-JP')}件・変更なし ${r.unchanged.toLocaleString('ja-JP')}件`;
  if (!r.dryRun) {
    return (
      <Alert color="teal" variant="light" title={`${kindName}を取り込みました`} role="status" data-testid="import-done">
        {counts}
        <Group mt="sm">
          <Anchor component="button" type="button" onClick={onAnother}>
            別のファイルを取り込む
          </Anchor>
        </Group>
      </Alert>
    );
  }
  const nothing = r.added + r.changed === 0;
  return (
    <Paper withBorder p="md" data-testid="import-preview">
      <Text fw={600} mb={6}>
        3. 確認の結果
      </Text>
      <Alert color={nothing ? 'gray' : 'blue'} variant="light" mb="sm" role="status">
        {counts}
        {nothing && '。取り込んでも何も変わりません。'}
      </Alert>
      {r.changes.length > 0 && (
        <>
          <Text size="sm" mb={4}>
            変更される行（最初の {r.changes.length} 件）
          </Text>
          <Table fz="xs" verticalSpacing={2} withTableBorder mb="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>項目</Table.Th>
                <Table.Th>今の値</Table.Th>
                <Table.Th>ファイルの値</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {r.changes.flatMap((c) =>
                Object.keys(c.after).map((field) => (
                  <Table.Tr key={`${c.table}-${c.id}-${field}`}>
                    <Table.Td>{headers.get(field) ?? field}</Table.Td>
                    <Table.Td>{String(c.before[field] ?? '')}</Table.Td>
                    <Table.Td>{String(c.after[field] ?? '')}</Table.Td>
                  </Table.Tr>
                )),
              )}
            </Table.Tbody>
          </Table>
        </>
      )}
      <Group>
        <Button onClick={onImport} disabled={busy || nothing}>
          取り込む
        </Button>
        <Text size="xs" c="dimmed">
          取り込むまで、データベースには何も書き込まれていません。
        </Text>
      </Group>
    </Paper>
  );
}
