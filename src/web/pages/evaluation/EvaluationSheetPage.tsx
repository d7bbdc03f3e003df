/**
 * 評価シート（様式2） of one measure for a fiscal year (/c/:chamber/evaluations/:fiscalYear/:measure):
 * the KPIs' results pre-filled (目標値, 実績値, 達成率, 評価), the roadmap's entries for the year
 * (with their status once roadmap statuses exist), 成果・課題・改善策, the ratings, and for each
 * KPI below target its cause and corrective action (何を・誰が・いつまでに). 保存 keeps a draft;
 * 提出 is refused with the problems beside their fields; a submitted sheet is locked, and an
 * administrator may unlock it with a reason (kept on the sheet). The committee's comment is
 * entered by staff on its behalf, also on a locked sheet. Prints on A4 portrait (the static
 * document below the form is what prints).
 */
import { Alert, Badge, Button, Group, Modal, Paper, SegmentedControl, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  EMPTY_SHEET,
  KPI_ACTION_FIELDS,
  type KpiActionField,
  kpiField,
  LEVEL_LABELS,
  LEVELS,
  type Level,
  OVERALL_LABELS,
  OVERALL_RATINGS,
  type OverallRating,
  SHEET_STATE_LABELS,
  type SheetInput,
} from '../../../domain/evaluation/sheet.js';
import { formatFiscalYear, parseFiscalYear } from '../../../domain/fiscal-calendar.js';
import { ApiValidationError, getJson, sendJson } from '../../api.js';
import { PrintButton } from '../../components/PrintButton.js';
import { ErrorAlert, PageLoader } from '../../components/Status.js';
import { useCan } from '../../permissions.js';
import { usePlanData } from '../../plan-context.js';
import type { EvaluationSheetBody } from '../../types.js';
import { evaluationPath, KpiResultsTable } from './shared.js';

const RATING_FIELDS = { necessity: '必要性', effectiveness: '有効性', efficiency: '効率性' } as const;

export function EvaluationSheetPage() {
  const data = usePlanData();
  const chamber = data.chamber.code;
  const params = useParams();
  const year = parseFiscalYear(params.fiscalYear ?? '') ?? 0;
  const measure = Number(params.measure);
  const path = `${evaluationPath(chamber, year)}/measures/${measure}`;
  const key = ['evaluation-sheet', chamber, year, measure];
  const query = useQuery({ queryKey: key, queryFn: () => getJson<EvaluationSheetBody>(path) });
  const canWrite = useCan(chamber, 'evaluation.write');
  const canUnlock = useCan(chamber, 'evaluation.unlock');
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<SheetInput>(EMPTY_SHEET);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<string | null>(null);
  const [unlocking, setUnlocking] = useState(false);
  useEffect(() => {
    if (query.data) setDraft(query.data.sheet);
  }, [query.data]);

  const done = (message: string) => async (view: EvaluationSheetBody) => {
    queryClient.setQueryData(key, view);
    await queryClient.invalidateQueries({ queryKey: ['evaluation', chamber, year] });
    setProblems({});
    setNotice(message);
  };
  const failed = (error: Error) => {
    setNotice(null);
    if (error instanceof ApiValidationError) setProblems(Object.fromEntries(error.details.map((d) => [d.location ?? '', d.message])));
  };
  const save = useMutation({
    mutationFn: () => sendJson<EvaluationSheetBody>('PUT', path, draft),
    onSuccess: done('下書きを保存しました'),
    onError: failed,
  });
  const submit = useMutation({
    mutationFn: () => sendJson<EvaluationSheetBody>('POST', `${path}/submit`, { sheet: draft }),
    onSuccess: done('提出しました。シートはロックされました'),
    onError: failed,
  });

  if (query.isPending) return <PageLoader />;
  if (query.isError) return <ErrorAlert error={query.error} />;
  const view = query.data;
  const locked = view.state === 'submitted';
  const editable = canWrite && !locked;
  const error: Error | null = save.error ?? submit.error ?? null;
  const set = <K extends keyof SheetInput>(field: K, value: SheetInput[K]) => setDraft((d) => ({ ...d, [field]: value }));
  const setAction = (code: string, field: KpiActionField, value: string) =>
    setDraft((d) => ({
      ...d,
      kpiActions: { ...d.kpiActions, [code]: { cause: '', action: '', who: '', byWhen: '', ...d.kpiActions[code], [field]: value } },
    }));
  const missed = view.kpis.filter((k) => k.misses);
  const withStatus = view.roadmap.some((r) => r.status !== null);
  const shown = editable ? draft : view.sheet;

  return (
    <article className="page evaluation-sheet">
      <title>{`評価シート 施策${measure} ${formatFiscalYear(year, 'short')} | しるべ`}</title>
      <Group justify="space-between" align="flex-start" mb="xs" className="no-print">
        <Text size="sm">
          <Link to={`/c/${encodeURIComponent(chamber)}/evaluations?year=${year}`}>年度の評価</Link> ＞ 施策{measure}
        </Text>
        <Group gap="xs">
          <Button component="a" href={`${path}/sheet.xlsx`} variant="default" size="xs" download>
            Excel（.xlsx）
          </Button>
          <PrintButton />
        </Group>
      </Group>
      <Title order={1} className="page-title">
        （様式2）アクションプログラム評価シート　{formatFiscalYear(year, 'short')}
      </Title>
      <Group gap="sm" mb="md" mt={4}>
        <Text fw={700}>
          {view.strategy.label} {view.strategy.title} ＞ 施策{view.measure.number} {view.measure.title}
        </Text>
        <Badge color={locked ? 'green' : view.state === 'draft' ? 'yellow' : 'gray'} variant="light" data-testid="sheet-state">
          {SHEET_STATE_LABELS[view.state]}
          {locked ? '（ロック中）' : ''}
        </Badge>
      </Group>

      {locked && (
        <Alert color="green" variant="light" mb="md" className="no-print" data-testid="locked-notice">
          <Group justify="space-between">
            <span>
              {view.submittedBy} が {view.submittedAt?.slice(0, 10)} に提出しました。変更するには管理者がロックを解除します。
            </span>
            {canUnlock && (
              <Button size="xs" color="orange" onClick={() => setUnlocking(true)}>
                ロック解除
              </Button>
            )}
          </Group>
        </Alert>
      )}
      {!view.closed && (
        <Alert color="yellow" variant="light" mb="md" className="no-print">
          {formatFiscalYear(year)}
          はまだ終わっていません。実績値は今日までのもの（暫定）です。下書きは保存できますが、提出は年度が終わってからです。
        </Alert>
      )}
      {notice && (
        <Alert color="green" variant="light" mb="md" className="no-print" role="status">
          {notice}
        </Alert>
      )}
      {error && (
        <Alert color="red" variant="light" mb="md" className="no-print" role="alert" data-testid="sheet-error">
          {error.message}
          {problems.fiscalYear && <div>{problems.fiscalYear}</div>}
          {Object.entries(problems)
            .filter(([f]) => /^kpis\.[^.]+$/.test(f))
            .map(([f, m]) => (
              <div key={f}>{m}</div>
            ))}
        </Alert>
      )}

      <section className="sheet-section">
        <Title order={2} size="h4" className="section-title">
          数値目標の達成度
        </Title>
        <KpiResultsTable kpis={view.kpis} bands={view.bands} highlight={(k) => missed.some((m) => m.code === k.code)} />
      </section>

      <section className="sheet-section">
        <Title order={2} size="h4" className="section-title">
          取組の実施状況（工程表 {formatFiscalYear(year, 'short')}）
        </Title>
        <Table withTableBorder withColumnBorders className="evaluation-roadmap">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>取組内容</Table.Th>
              <Table.Th>{formatFiscalYear(year, 'short')}の予定</Table.Th>
              {withStatus && <Table.Th>状況</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {view.roadmap.map((r) => (
              <Table.Tr key={`${r.initiative.number}-${r.row}`}>
                <Table.Td>
                  {r.initiative.number} {r.initiative.title}
                </Table.Td>
                <Table.Td className="preline">
                  {r.text === null ? <Text c="dimmed">（予定なし）</Text> : `${r.continued ? '（継続）' : ''}${r.text}`}
                </Table.Td>
                {withStatus && <Table.Td>{r.status ?? '—'}</Table.Td>}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </section>

      {editable ? (
        <section className="sheet-section no-print">
          <Title order={2} size="h4" className="section-title">
            評価
          </Title>
          <Stack gap="sm">
            {(['achievements', 'issues', 'improvements'] as const).map((f) => (
              <Textarea
                key={f}
                label={{ achievements: '成果', issues: '課題', improvements: '改善策（次年度の方向性）' }[f]}
                value={draft[f]}
                onChange={(e) => set(f, e.currentTarget.value)}
                error={problems[f]}
                autosize
                minRows={3}
                maxRows={12}
              />
            ))}
            <Group gap="xl" align="flex-start">
              {(Object.keys(RATING_FIELDS) as (keyof typeof RATING_FIELDS)[]).map((f) => (
                <Choice
                  key={f}
                  label={RATING_FIELDS[f]}
                  value={draft[f]}
                  options={LEVELS.map((l) => ({ value: l, label: LEVEL_LABELS[l] }))}
                  onChange={(v) => set(f, v as Level)}
                  error={problems[f]}
                />
              ))}
              <Choice
                label="総合評価"
                value={draft.overall}
                options={OVERALL_RATINGS.map((o) => ({ value: o, label: `${o} ${OVERALL_LABELS[o]}` }))}
                onChange={(v) => set('overall', v as OverallRating)}
                error={problems.overall}
                description={
                  view.suggestedOverall ? `KPIからの目安: ${view.suggestedOverall} ${OVERALL_LABELS[view.suggestedOverall]}` : undefined
                }
              />
            </Group>
          </Stack>
          {missed.length > 0 && (
            <Stack gap="sm" mt="lg">
              <Title order={3} size="h5">
                目標に届かなかったKPIの原因と改善策
              </Title>
              {missed.map((k) => (
                <Paper key={k.code} withBorder p="sm" data-missed-kpi={k.code}>
                  <Text fw={700} mb={4}>
                    {k.name}
                  </Text>
                  <Stack gap={6}>
                    <Textarea
                      label={KPI_ACTION_FIELDS.cause}
                      value={draft.kpiActions[k.code]?.cause ?? ''}
                      onChange={(e) => setAction(k.code, 'cause', e.currentTarget.value)}
                      error={problems[kpiField(k.code, 'cause')]}
                      autosize
                      minRows={2}
                    />
                    <Textarea
                      label={KPI_ACTION_FIELDS.action}
                      value={draft.kpiActions[k.code]?.action ?? ''}
                      onChange={(e) => setAction(k.code, 'action', e.currentTarget.value)}
                      error={problems[kpiField(k.code, 'action')]}
                      autosize
                      minRows={2}
                    />
                    <Group grow align="flex-start">
                      <TextInput
                        label={KPI_ACTION_FIELDS.who}
                        value={draft.kpiActions[k.code]?.who ?? ''}
                        onChange={(e) => setAction(k.code, 'who', e.currentTarget.value)}
                        error={problems[kpiField(k.code, 'who')]}
                        placeholder="例: 経営指導員"
                      />
                      <TextInput
                        label={KPI_ACTION_FIELDS.byWhen}
                        value={draft.kpiActions[k.code]?.byWhen ?? ''}
                        onChange={(e) => setAction(k.code, 'byWhen', e.currentTarget.value)}
                        error={problems[kpiField(k.code, 'byWhen')]}
                        placeholder="例: R7年9月末"
                      />
                    </Group>
                  </Stack>
                </Paper>
              ))}
            </Stack>
          )}
          <Group mt="md">
            <Button variant="default" onClick={() => save.mutate()} loading={save.isPending}>
              保存（下書き）
            </Button>
            <Button onClick={() => submit.mutate()} loading={submit.isPending}>
              提出
            </Button>
          </Group>
        </section>
      ) : null}

      <section className={`sheet-section${editable ? ' print-only' : ''}`}>
        <SheetDocument sheet={shown} missed={missed} />
      </section>

      <CommitteeComment view={view} path={path} canWrite={canWrite} onSaved={done('評価委員会のコメントを保存しました')} />

      {view.unlocks.length > 0 && (
        <section className="sheet-section" data-testid="unlocks">
          <Title order={2} size="h5" className="section-title">
            ロック解除の記録
          </Title>
          {view.unlocks.map((u) => (
            <Text key={u.unlockedAt} size="sm">
              {u.unlockedAt.slice(0, 16).replace('T', ' ')} {u.unlockedBy}: {u.reason}（{u.submittedBy ?? ''} の提出を解除）
            </Text>
          ))}
        </section>
      )}
      <UnlockModal opened={unlocking} onClose={() => setUnlocking(false)} path={path} onDone={done('ロックを解除しました')} />
    </article>
  );
}

function Choice(props: {
  label: string;
  value: string | null;
  options: { value: string; label: string }[];
  onChange(v: string): void;
  error?: string | undefined;
  description?: string | undefined;
}) {
  return (
    <div className="choice" data-field={props.label}>
      <Text size="sm" fw={500} mb={4} id={`choice-${props.label}`}>
        {props.label}
      </Text>
      <SegmentedControl
        aria-labelledby={`choice-${props.label}`}
        data={props.options}
        value={props.value ?? ''}
        onChange={props.onChange}
        size="sm"
        color={props.value ? 'blue' : undefined}
      />
      {props.description && (
        <Text size="xs" c="dimmed" mt={2}>
          {props.description}
        </Text>
      )}
      {props.error && (
        <Text size="xs" c="red" mt={2} role="alert">
          {props.error}
        </Text>
      )}
    </div>
  );
}

/** The sheet as it reads on paper (and on screen once locked). */
function SheetDocument({ sheet, missed }: { sheet: SheetInput; missed: EvaluationSheetBody['kpis'] }) {
  const level = (l: Level | null) => (l ? LEVEL_LABELS[l] : '—');
  return (
    <Table withTableBorder withColumnBorders className="sheet-document" data-testid="sheet-document">
      <Table.Tbody>
        <Row label="成果" value={sheet.achievements} />
        <Row label="課題" value={sheet.issues} />
        <Row label="改善策（次年度の方向性）" value={sheet.improvements} />
        <Row
          label="評価"
          value={`必要性: ${level(sheet.necessity)}　有効性: ${level(sheet.effectiveness)}　効率性: ${level(sheet.efficiency)}　総合評価: ${
            sheet.overall ? `${sheet.overall} ${OVERALL_LABELS[sheet.overall]}` : '—'
          }`}
        />
        {missed.map((k) => {
          const a = sheet.kpiActions[k.code];
          return (
            <Row
              key={k.code}
              label={`未達成: ${k.name}`}
              value={`原因: ${a?.cause || '—'}\n改善策: ${a?.action || '—'}（${a?.who || '—'}・${a?.byWhen || '—'}）`}
            />
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

function Row({ label, value }: { label: string; value: string }) {
  return (
    <Table.Tr>
      <Table.Th className="sheet-label">{label}</Table.Th>
      <Table.Td className="preline">{value || '—'}</Table.Td>
    </Table.Tr>
  );
}

function CommitteeComment({
  view,
  path,
  canWrite,
  onSaved,
}: {
  view: EvaluationSheetBody;
  path: string;
  canWrite: boolean;
  onSaved(v: EvaluationSheetBody): void;
}) {
  const [text, setText] = useState(view.committeeComment);
  useEffect(() => setText(view.committeeComment), [view.committeeComment]);
  const save = useMutation({
    mutationFn: () => sendJson<EvaluationSheetBody>('PUT', `${path}/committee-comment`, { comment: text }),
    onSuccess: onSaved,
  });
  return (
    <section className="sheet-section">
      <Title order={2} size="h4" className="section-title">
        評価委員会のコメント
      </Title>
      {canWrite ? (
        <>
          <Textarea
            className="no-print"
            aria-label="評価委員会のコメント"
            description="評価委員会のコメントを、職員が委員会に代わって入力します（提出後も入力できます）"
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            autosize
            minRows={2}
            error={save.error?.message}
          />
          <Group mt="xs" className="no-print">
            <Button size="xs" variant="default" onClick={() => save.mutate()} loading={save.isPending}>
              コメントを保存
            </Button>
            {view.committeeCommentBy && (
              <Text size="xs" c="dimmed">
                最終入力: {view.committeeCommentBy}（{view.committeeCommentAt?.slice(0, 10)}）
              </Text>
            )}
          </Group>
          <Text className="preline print-only">{view.committeeComment || '—'}</Text>
        </>
      ) : (
        <Text className="preline">{view.committeeComment || '（まだありません）'}</Text>
      )}
    </section>
  );
}

function UnlockModal({
  opened,
  onClose,
  path,
  onDone,
}: {
  opened: boolean;
  onClose(): void;
  path: string;
  onDone(v: EvaluationSheetBody): Promise<void>;
}) {
  const [reason, setReason] = useState('');
  const unlock = useMutation({
    mutationFn: () => sendJson<EvaluationSheetBody>('POST', `${path}/unlock`, { reason }),
    onSuccess: async (v) => {
      await onDone(v);
      setReason('');
      onClose();
    },
  });
  const problem = unlock.error instanceof ApiValidationError ? unlock.error.details[0]?.message : unlock.error?.message;
  return (
    <Modal opened={opened} onClose={onClose} title="評価シートのロックを解除">
      <Stack>
        <Text size="sm">解除すると下書きに戻り、職員が変更して提出し直せます。解除の記録（だれが・いつ・理由）はシートに残ります。</Text>
        <Textarea
          label="理由"
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={problem}
          required
          autosize
          minRows={2}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            やめる
          </Button>
          <Button color="orange" onClick={() => unlock.mutate()} loading={unlock.isPending}>
            ロックを解除する
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
