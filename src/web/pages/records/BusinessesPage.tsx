/**
 * 事業者: the chamber's businesses, found by part of a name, フリガナ or code (ひらがな, カタカナ
 * and 半角カナ alike, as in the pickers), filtered by 会員・業種・地区, a page at a time; one
 * opened in a dialog to change its fields and membership periods, or delete it; a new one added
 * the same way. 入会・退会 move 組織率: a change to a closed year asks for a confirmation first.
 */
import '@mantine/core/styles/Pagination.css';
import '@mantine/dates/styles.css';
import 'dayjs/locale/ja';
import { Alert, Anchor, Badge, Button, Group, Modal, NativeSelect, Pagination, Table, Text, TextInput, Title } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { BusinessDetailBody, BusinessFacetsBody, BusinessListBody, BusinessSummary } from '../../../http/schemas/businesses.js';
import { getJson, sendJson } from '../../api.js';
import { ExportMenu } from '../../components/ExportMenu.js';
import { ErrorAlert, PageLoader } from '../../components/Status.js';
import { useCan } from '../../permissions.js';
import { usePlanData } from '../../plan-context.js';
import { BusinessForm, displayDate } from './BusinessForm.js';
import { ClosedYearModal, confirmationOf, type PendingConfirmation } from './entry.js';

const PAGE_SIZE = 50;

type Order = 'match' | 'kana' | 'code' | 'memberSince';
/** The dialog: a business opened by its id, or a new one. */
type Opened = { id: number } | 'new' | null;

export function BusinessesPage() {
  const chamber = usePlanData().chamber.code;
  const api = `/api/v1/chambers/${encodeURIComponent(chamber)}`;
  const canRead = useCan(chamber, 'records.read');
  const canWrite = useCan(chamber, 'records.write');
  const facets = useQuery({
    queryKey: ['business-facets', chamber],
    queryFn: () => getJson<BusinessFacetsBody>(`${api}/businesses/facets`),
    enabled: canRead,
  });
  const [opened, setOpened] = useState<Opened>(null);
  const [pending, setPending] = useState<PendingConfirmation | null>(null);
  const [deleting, setDeleting] = useState<BusinessDetailBody | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const queryClient = useQueryClient();

  const remove = useMutation({
    mutationFn: ({ id, confirmed }: { id: number; confirmed: boolean }) =>
      sendJson('DELETE', `${api}/businesses/${id}${confirmed ? '?confirmed=true' : ''}`),
    onSuccess: () => {
      setOpened(null);
      setNotice('事業者を削除しました');
      for (const key of ['businesses', 'business-facets', 'business-search', 'progress', 'kpis']) {
        void queryClient.invalidateQueries({ queryKey: [key, chamber] });
      }
    },
    onError: (error, variables) => {
      const confirmation = confirmationOf(error, () => remove.mutate({ ...variables, confirmed: true }));
      if (confirmation) setPending(confirmation);
    },
  });

  if (!canRead) return <ErrorAlert error={new Error('事業者は商工会の職員・閲覧のアカウントで見られます')} title="権限がありません" />;
  return (
    <DatesProvider settings={{ locale: 'ja', firstDayOfWeek: 0 }}>
      <article className="page businesses">
        <title>事業者 | しるべ</title>
        <Group justify="space-between" align="flex-start" mb="md" wrap="nowrap">
          <div>
            <Title order={1} className="page-title" mb={4}>
              事業者
            </Title>
            <Text size="sm" c="dimmed">
              地区の事業者と会員期間（入会日・退会日）。組織率は4月1日時点の会員数から、共済加入率もこの会員数から計算します。
            </Text>
          </div>
          <ExportMenu chamber={chamber} kind="businesses" />
          {canWrite && (
            <Button
              onClick={() => {
                remove.reset();
                setNotice(null);
                setOpened('new');
              }}
              style={{ flexShrink: 0 }}
            >
              事業者を追加
            </Button>
          )}
        </Group>
        {notice && (
          <Alert color="teal" variant="light" mb="sm" role="status" withCloseButton onClose={() => setNotice(null)}>
            {notice}
          </Alert>
        )}
        <BusinessList
          api={api}
          chamber={chamber}
          facets={facets.data}
          onOpen={(id) => {
            remove.reset();
            setNotice(null);
            setOpened({ id });
          }}
        />
        <Modal
          opened={opened !== null}
          onClose={() => setOpened(null)}
          title={opened === 'new' ? '事業者の追加' : canWrite ? '事業者の変更' : '事業者'}
          size="xl"
          // Esc closes a date's calendar; a slip must not throw away what was typed.
          closeOnClickOutside={false}
          closeOnEscape={false}
        >
          {opened === 'new' ? (
            <BusinessForm
              chamber={chamber}
              api={api}
              business={null}
              facets={facets.data}
              canWrite={canWrite}
              onSaved={(b) => {
                setOpened(null);
                setNotice(`追加しました: ${b.name}（${b.code}）`);
              }}
              onCancel={() => setOpened(null)}
              onDelete={setDeleting}
              onConfirm={setPending}
            />
          ) : opened !== null ? (
            <OpenedBusiness
              api={api}
              chamber={chamber}
              id={opened.id}
              facets={facets.data}
              canWrite={canWrite}
              onSaved={(b) => {
                setOpened(null);
                setNotice(`保存しました: ${b.name}（${b.code}）`);
              }}
              onCancel={() => setOpened(null)}
              onDelete={setDeleting}
              onConfirm={setPending}
            />
          ) : null}
          {remove.isError && !confirmationOf(remove.error, () => undefined) && (
            // Refused while records refer to it: the message names how many of each.
            <ErrorAlert error={remove.error} title="削除できませんでした" />
          )}
        </Modal>
        <Modal opened={deleting !== null} onClose={() => setDeleting(null)} title="事業者を削除しますか">
          {deleting && (
            <>
              <Text size="sm" mb="md">
                {deleting.name}（{deleting.code}）と、その会員期間 {deleting.memberships.length}件を削除します。元に戻せません。
              </Text>
              <Group justify="flex-end">
                <Button variant="default" onClick={() => setDeleting(null)}>
                  やめる
                </Button>
                <Button
                  color="red"
                  onClick={() => {
                    remove.mutate({ id: deleting.id, confirmed: false });
                    setDeleting(null);
                  }}
                >
                  削除する
                </Button>
              </Group>
            </>
          )}
        </Modal>
        <ClosedYearModal pending={pending} onClose={() => setPending(null)} />
      </article>
    </DatesProvider>
  );
}

function OpenedBusiness({
  api,
  chamber,
  id,
  ...props
}: {
  api: string;
  chamber: string;
  id: number;
  facets: BusinessFacetsBody | undefined;
  canWrite: boolean;
  onSaved(b: BusinessDetailBody): void;
  onCancel(): void;
  onDelete(b: BusinessDetailBody): void;
  onConfirm(p: PendingConfirmation): void;
}) {
  const detail = useQuery({
    queryKey: ['business', chamber, id],
    queryFn: () => getJson<BusinessDetailBody>(`${api}/businesses/${id}`),
    staleTime: 0,
  });
  if (detail.isPending) return <PageLoader />;
  if (detail.isError) return <ErrorAlert error={detail.error} />;
  return <BusinessForm key={detail.data.id} chamber={chamber} api={api} business={detail.data} {...props} />;
}

function MemberBadge({ b }: { b: BusinessSummary }) {
  if (b.member) {
    return (
      <Group gap={6} wrap="nowrap">
        <Badge size="sm" variant="light" color="teal">
          会員
        </Badge>
        {b.memberSince && (
          <Text size="xs" c="dimmed">
            {displayDate(b.memberSince)} 入会
          </Text>
        )}
      </Group>
    );
  }
  return (
    <Group gap={6} wrap="nowrap">
      <Badge size="sm" variant="light" color="gray">
        非会員
      </Badge>
      {b.leftOn && (
        <Text size="xs" c="dimmed">
          {displayDate(b.leftOn)} 退会
        </Text>
      )}
    </Group>
  );
}

function BusinessList({
  api,
  chamber,
  facets,
  onOpen,
}: {
  api: string;
  chamber: string;
  facets: BusinessFacetsBody | undefined;
  onOpen(id: number): void;
}) {
  const [text, setText] = useState('');
  const [member, setMember] = useState('all');
  const [industry, setIndustry] = useState('');
  const [district, setDistrict] = useState('');
  const [order, setOrder] = useState<Order>('match');
  const [page, setPage] = useState(1);
  const [q] = useDebouncedValue(text.trim(), 250);
  const params = new URLSearchParams({ q, member, order, limit: String(PAGE_SIZE), offset: String((page - 1) * PAGE_SIZE) });
  if (industry) params.set('industry', industry);
  if (district) params.set('district', district);
  const list = useQuery({
    queryKey: ['businesses', chamber, params.toString()],
    queryFn: () => getJson<BusinessListBody>(`${api}/businesses?${params}`),
    placeholderData: keepPreviousData,
  });
  const reset = (f: () => void) => {
    f();
    setPage(1);
  };
  const choices = (f: { value: string; count: number }[] | undefined) => [
    { value: '', label: 'すべて' },
    ...(f ?? []).map((x) => ({ value: x.value, label: `${x.value}（${x.count.toLocaleString('ja-JP')}）` })),
  ];

  return (
    <section aria-label="事業者の一覧">
      <Group gap="xs" align="flex-end" mb="xs" wrap="wrap">
        <TextInput
          label="検索"
          placeholder="名前・フリガナ・コードの一部"
          value={text}
          onChange={(e) => reset(() => setText(e.currentTarget.value))}
          w={270}
          size="sm"
          autoComplete="off"
        />
        <NativeSelect
          label="会員"
          size="sm"
          w={100}
          value={member}
          onChange={(e) => reset(() => setMember(e.currentTarget.value))}
          data={[
            { value: 'all', label: 'すべて' },
            { value: 'member', label: '会員' },
            { value: 'nonMember', label: '非会員' },
          ]}
        />
        <NativeSelect
          label="業種"
          size="sm"
          w={160}
          value={industry}
          onChange={(e) => reset(() => setIndustry(e.currentTarget.value))}
          data={choices(facets?.industries)}
        />
        <NativeSelect
          label="地区"
          size="sm"
          w={130}
          value={district}
          onChange={(e) => reset(() => setDistrict(e.currentTarget.value))}
          data={choices(facets?.districts)}
        />
        <NativeSelect
          label="並び順"
          size="sm"
          w={180}
          value={order}
          onChange={(e) => reset(() => setOrder(e.currentTarget.value as Order))}
          data={[
            { value: 'match', label: '該当順' },
            { value: 'kana', label: 'フリガナ順' },
            { value: 'code', label: 'コード順' },
            { value: 'memberSince', label: '入会日の新しい順' },
          ]}
        />
        {list.data && (
          <Text size="sm" c="dimmed" pb={6} ml="auto" data-testid="business-total">
            {list.data.total.toLocaleString('ja-JP')}件
          </Text>
        )}
      </Group>
      {list.isPending ? (
        <PageLoader />
      ) : list.isError ? (
        <ErrorAlert error={list.error} />
      ) : list.data.businesses.length === 0 ? (
        <Alert color="gray" variant="light">
          該当する事業者はありません。
        </Alert>
      ) : (
        <>
          <Table striped highlightOnHover verticalSpacing={4} fz="sm" className="record-table" data-testid="business-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>コード</Table.Th>
                <Table.Th>事業者名</Table.Th>
                <Table.Th>フリガナ</Table.Th>
                <Table.Th>業種</Table.Th>
                <Table.Th>地区</Table.Th>
                <Table.Th>会員</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.businesses.map((b) => (
                <Table.Tr key={b.id} data-business-id={b.id} onClick={() => onOpen(b.id)} style={{ cursor: 'pointer' }}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{b.code}</Table.Td>
                  <Table.Td>
                    <Anchor
                      component="button"
                      type="button"
                      size="sm"
                      onClick={(e) => {
                        e.stopPropagation();
                        onOpen(b.id);
                      }}
                    >
                      {b.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{b.kana}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{b.industry}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{b.district}</Table.Td>
                  <Table.Td>
                    <MemberBadge b={b} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {list.data.total > PAGE_SIZE && (
            <Pagination mt="sm" total={Math.ceil(list.data.total / PAGE_SIZE)} value={page} onChange={setPage} size="sm" />
          )}
        </>
      )}
    </section>
  );
}
