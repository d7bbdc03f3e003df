/**
 * One 工程表 entry (an item in one year): its status, a note, and the evidence that shows it
 * (the chamber's support records and events, found by year and text). Staff change it; others
 * read it. 未実施 and 延期 ask for the reason in 備考, as the server does.
 */
import {
  Alert,
  Anchor,
  Button,
  Group,
  Modal,
  NativeSelect,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { formatFiscalYear, formatJapaneseDate } from '../../domain/fiscal-calendar.js';
import { LATE_REASON_LABELS, ROADMAP_STATE_LABELS, ROADMAP_STATUSES, type RoadmapStatus } from '../../domain/plan/roadmap-status.js';
import {
  checkRoadmapStatus,
  ROADMAP_STATUS_FIELDS,
  type RoadmapStatusField,
  roadmapStatusInputSchema,
} from '../../domain/plan/roadmap-status-input.js';
import type { EventListBody } from '../../http/schemas/events.js';
import type { SupportRecordListBody } from '../../http/schemas/records.js';
import { getJson, sendJson } from '../api.js';
import { formatDate } from '../format.js';
import { serverFieldErrors } from '../pages/records/entry.js';
import type { RoadmapEntryBody, RoadmapItem, SavedRoadmapEntryBody } from '../types.js';
import { RoadmapStateBadge } from './RoadmapStateBadge.js';
import { ErrorAlert } from './Status.js';

/** The entry a cell was clicked for, with where it sits. */
export interface RoadmapTarget {
  measure: number;
  initiative: { number: number; title: string };
  item: RoadmapItem;
  entry: RoadmapEntryBody;
}

type Evidence = NonNullable<RoadmapEntryBody['evidence']>;
type EvidenceRecord = Evidence['supportRecords'][number];
type EvidenceEvent = Evidence['events'][number];
type Errors = Partial<Record<RoadmapStatusField, string>>;

const RESULTS = 8;

/** What the evidence search found: support records or events. */
type Found = ({ kind: 'support' } & SupportRecordListBody) | ({ kind: 'events' } & EventListBody);

export function RoadmapEntryModal({
  chamber,
  target,
  years,
  canWrite,
  onClose,
}: {
  chamber: string;
  target: RoadmapTarget | null;
  /** The plan's years, for the evidence search. */
  years: number[];
  canWrite: boolean;
  onClose(): void;
}) {
  const title = target ? `施策${target.measure}（${target.initiative.number}）　${formatFiscalYear(target.entry.fiscalYear)}` : '';
  return (
    <Modal opened={target !== null} onClose={onClose} title={title} size={720} aria-label="工程の状況">
      {target && (
        <EntryForm
          key={`${target.item.id}/${target.entry.fiscalYear}`}
          chamber={chamber}
          target={target}
          years={years}
          canWrite={canWrite}
          onClose={onClose}
        />
      )}
    </Modal>
  );
}

function EntryForm({
  chamber,
  target,
  years,
  canWrite,
  onClose,
}: {
  chamber: string;
  target: RoadmapTarget;
  years: number[];
  canWrite: boolean;
  onClose(): void;
}) {
  const { item, entry } = target;
  const api = `/api/v1/chambers/${encodeURIComponent(chamber)}`;
  const [status, setStatus] = useState<RoadmapStatus>(entry.status ?? 'planned');
  const [note, setNote] = useState(entry.note ?? '');
  const [records, setRecords] = useState<EvidenceRecord[]>(entry.evidence?.supportRecords ?? []);
  const [events, setEvents] = useState<EvidenceEvent[]>(entry.evidence?.events ?? []);
  const [errors, setErrors] = useState<Errors>({});
  const queryClient = useQueryClient();

  const save = useMutation({
    mutationFn: (body: unknown) => sendJson<SavedRoadmapEntryBody>('PUT', `${api}/roadmap/${item.id}/${entry.fiscalYear}`, body),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['roadmap', chamber] });
      void queryClient.invalidateQueries({ queryKey: ['roadmap-late', chamber] });
      onClose();
    },
    onError: (error) => setErrors(serverFieldErrors(error, ROADMAP_STATUS_FIELDS)),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = roadmapStatusInputSchema.safeParse({
      status,
      note,
      supportRecordIds: records.map((r) => r.id),
      eventIds: events.map((ev) => ev.id),
    });
    const found: Errors = {};
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] === 'status' ? 'status' : issue.path[0] === 'note' ? 'note' : 'evidence';
        found[field] ??= issue.message;
      }
    } else {
      for (const p of checkRoadmapStatus(parsed.data)) found[p.field] ??= p.message;
    }
    setErrors(found);
    if (parsed.success && Object.keys(found).length === 0) save.mutate(parsed.data);
  };
  const otherError = save.isError && Object.keys(serverFieldErrors(save.error, ROADMAP_STATUS_FIELDS)).length === 0 ? save.error : null;
  const needsNote = status === 'notDone' || status === 'postponed';

  return (
    <form onSubmit={submit} aria-label="工程の状況の記録">
      <Stack gap="sm">
        <div>
          <Text size="sm" c="dimmed">
            （{target.initiative.number}）{target.initiative.title}
          </Text>
          <Text fw={700} style={{ whiteSpace: 'pre-line' }} data-testid="roadmap-entry-text">
            {item.text}
          </Text>
          <Group gap="xs" mt={4}>
            <Text size="sm">いまの状況</Text>
            <RoadmapStateBadge state={entry.state} />
            {entry.lateReason && (
              <Text size="sm" c="red.8">
                遅れ: {LATE_REASON_LABELS[entry.lateReason]}
              </Text>
            )}
          </Group>
          {entry.updatedAt && (
            <Text size="xs" c="dimmed">
              最終更新 {formatDate(entry.updatedAt.slice(0, 10))}（{entry.updatedBy}）
            </Text>
          )}
        </div>

        <div>
          <Text size="sm" fw={500} mb={4} id="roadmap-status-label">
            状況
          </Text>
          <SegmentedControl
            aria-labelledby="roadmap-status-label"
            fullWidth
            value={status}
            onChange={(v) => setStatus(v as RoadmapStatus)}
            disabled={!canWrite}
            data={ROADMAP_STATUSES.map((s) => ({ value: s, label: ROADMAP_STATE_LABELS[s] }))}
          />
          {errors.status && (
            <Text size="xs" c="red" mt={4}>
              {errors.status}
            </Text>
          )}
        </div>

        <Textarea
          label="備考"
          withAsterisk={needsNote}
          description={
            needsNote
              ? status === 'postponed'
                ? '延期の理由と、いつまで延ばすか'
                : '実施しなかった理由'
              : '実施した内容、回数、参加者など'
          }
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          readOnly={!canWrite}
          autosize
          minRows={2}
          maxRows={5}
          error={errors.note}
        />

        <EvidenceSection
          api={api}
          records={records}
          events={events}
          canWrite={canWrite}
          defaultYear={entry.fiscalYear}
          years={years}
          error={errors.evidence}
          onRecords={setRecords}
          onEvents={setEvents}
          hidden={entry.evidence === null}
          count={entry.evidenceCount}
        />

        {otherError && <ErrorAlert error={otherError} title="保存できませんでした" />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {canWrite ? 'やめる' : '閉じる'}
          </Button>
          {canWrite && (
            <Button type="submit" loading={save.isPending}>
              保存する
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
}

function EvidenceSection({
  api,
  records,
  events,
  canWrite,
  defaultYear,
  years,
  error,
  onRecords,
  onEvents,
  hidden,
  count,
}: {
  api: string;
  records: EvidenceRecord[];
  events: EvidenceEvent[];
  canWrite: boolean;
  defaultYear: number;
  years: number[];
  error: string | undefined;
  onRecords(r: EvidenceRecord[]): void;
  onEvents(e: EvidenceEvent[]): void;
  /** The role may not read records: only the count is known. */
  hidden: boolean;
  count: number;
}) {
  if (hidden) {
    return <Text size="sm">根拠: {count}件（記録の内容は商工会の職員・閲覧のアカウントで見られます）</Text>;
  }
  const chosen = records.length + events.length;
  return (
    <div>
      <Text size="sm" fw={500} mb={4}>
        根拠（{chosen}件）
      </Text>
      {chosen === 0 ? (
        <Text size="sm" c="dimmed">
          実施したことを示す支援記録・イベントはまだありません。
        </Text>
      ) : (
        <Table fz="sm" verticalSpacing={2} data-testid="roadmap-evidence">
          <Table.Tbody>
            {records.map((r) => (
              <Table.Tr key={`r${r.id}`}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatJapaneseDate(r.date)}</Table.Td>
                <Table.Td>
                  支援記録　{r.kind}
                  {r.subKind ? `・${r.subKind}` : ''}　{r.businessName ?? '（商工会）'}
                </Table.Td>
                {canWrite && (
                  <Table.Td ta="right">
                    <Anchor
                      component="button"
                      type="button"
                      size="sm"
                      c="red"
                      onClick={() => onRecords(records.filter((x) => x.id !== r.id))}
                    >
                      外す
                    </Anchor>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
            {events.map((ev) => (
              <Table.Tr key={`e${ev.id}`}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatJapaneseDate(ev.date)}</Table.Td>
                <Table.Td>
                  イベント　{ev.name}
                  {ev.category ? `（${ev.category}）` : ''}
                </Table.Td>
                {canWrite && (
                  <Table.Td ta="right">
                    <Anchor
                      component="button"
                      type="button"
                      size="sm"
                      c="red"
                      onClick={() => onEvents(events.filter((x) => x.id !== ev.id))}
                    >
                      外す
                    </Anchor>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {error && (
        <Text size="xs" c="red" mt={4}>
          {error}
        </Text>
      )}
      {canWrite && (
        <EvidencePicker
          api={api}
          defaultYear={defaultYear}
          years={years}
          records={records}
          events={events}
          onAddRecord={(r) => onRecords([...records, r])}
          onAddEvent={(ev) => onEvents([...events, ev])}
        />
      )}
    </div>
  );
}

/** Finds the chamber's support records or events of a year by text, to add as evidence. */
function EvidencePicker({
  api,
  defaultYear,
  years,
  records,
  events,
  onAddRecord,
  onAddEvent,
}: {
  api: string;
  defaultYear: number;
  years: number[];
  records: EvidenceRecord[];
  events: EvidenceEvent[];
  onAddRecord(r: EvidenceRecord): void;
  onAddEvent(e: EvidenceEvent): void;
}) {
  const [kind, setKind] = useState<'support' | 'events'>('support');
  const [year, setYear] = useState(String(defaultYear));
  const [text, setText] = useState('');
  const [debounced] = useDebouncedValue(text.trim(), 250);
  const params = new URLSearchParams({ limit: String(RESULTS), fiscalYear: year });
  if (debounced) params.set('text', debounced);
  if (kind === 'support') params.set('order', 'date');
  const found = useQuery({
    queryKey: ['evidence-search', api, kind, params.toString()],
    queryFn: async (): Promise<Found> =>
      kind === 'support'
        ? { kind, ...(await getJson<SupportRecordListBody>(`${api}/support-records?${params}`)) }
        : { kind, ...(await getJson<EventListBody>(`${api}/events?${params}`)) },
    placeholderData: keepPreviousData,
  });
  const data = found.data;
  return (
    <Stack gap={6} mt="sm" className="evidence-picker" data-testid="evidence-picker">
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <SegmentedControl
          size="xs"
          value={kind}
          onChange={(v) => setKind(v === 'events' ? 'events' : 'support')}
          data={[
            { value: 'support', label: '支援記録' },
            { value: 'events', label: 'イベント' },
          ]}
          aria-label="根拠の種類"
        />
        <NativeSelect
          size="xs"
          aria-label="根拠を探す年度"
          value={year}
          onChange={(e) => setYear(e.currentTarget.value)}
          data={years.map((y) => ({ value: String(y), label: formatFiscalYear(y) }))}
        />
        <TextInput
          size="xs"
          style={{ flex: 1 }}
          aria-label="根拠を探す"
          placeholder={kind === 'support' ? '事業者名・フリガナ・備考・担当者' : 'イベント名・区分・参加事業者'}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
        />
      </Group>
      {found.isError ? (
        <ErrorAlert error={found.error} />
      ) : !data ? null : data.rows.length === 0 ? (
        <Alert color="gray" variant="light" p="xs">
          {formatFiscalYear(Number(year))}に該当する{kind === 'support' ? '支援記録' : 'イベント'}はありません。
        </Alert>
      ) : (
        <Table fz="sm" verticalSpacing={2} highlightOnHover data-testid="evidence-results">
          <Table.Tbody>
            {data.kind === 'support'
              ? data.rows.map((r) => {
                  const added = records.some((x) => x.id === r.id);
                  return (
                    <Table.Tr key={r.id}>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatJapaneseDate(r.date)}</Table.Td>
                      <Table.Td>
                        {r.kind}
                        {r.subKind ? `・${r.subKind}` : ''}　{r.businessName ?? '（商工会）'}
                        {r.note && (
                          <Text span size="xs" c="dimmed">
                            　{r.note.length > 30 ? `${r.note.slice(0, 30)}…` : r.note}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td ta="right">
                        <Button
                          size="compact-xs"
                          variant="light"
                          disabled={added}
                          onClick={() =>
                            onAddRecord({ id: r.id, date: r.date, kind: r.kind, subKind: r.subKind, businessName: r.businessName })
                          }
                        >
                          {added ? '追加済み' : '追加'}
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  );
                })
              : data.rows.map((ev) => {
                  const added = events.some((x) => x.id === ev.id);
                  return (
                    <Table.Tr key={ev.id}>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatJapaneseDate(ev.date)}</Table.Td>
                      <Table.Td>
                        {ev.name}
                        {ev.category ? `（${ev.category}）` : ''}　来場 {ev.visitors}人
                      </Table.Td>
                      <Table.Td ta="right">
                        <Button
                          size="compact-xs"
                          variant="light"
                          disabled={added}
                          onClick={() => onAddEvent({ id: ev.id, date: ev.date, name: ev.name, category: ev.category })}
                        >
                          {added ? '追加済み' : '追加'}
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
          </Table.Tbody>
        </Table>
      )}
      {data && data.total > data.rows.length && (
        <Text size="xs" c="dimmed">
          {data.total.toLocaleString('ja-JP')}件のうち新しい{data.rows.length}件。名前などで絞り込めます。
        </Text>
      )}
    </Stack>
  );
}
