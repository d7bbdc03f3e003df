/**
 * 監査ログ (a chamber's 管理者): who changed what and when, newest first, with filters,
 * the values before and after, and CSV downloads for Excel (UTF-8 with BOM or Shift_JIS).
 */
import { Anchor, Button, Code, Group, Select, Table, Text, TextInput, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams } from 'react-router';
import { getJson } from '../../api.js';
import { ErrorAlert, PageLoader } from '../../components/Status.js';
import { useCan } from '../../permissions.js';
import type { AuditListBody } from '../../types.js';

const ACTIONS = [
  { value: '', label: 'すべて' },
  { value: 'import', label: '取り込み' },
  { value: 'create', label: '作成' },
  { value: 'update', label: '変更' },
  { value: 'delete', label: '削除' },
  { value: 'plan.import', label: '計画の読み込み' },
  { value: 'user.create', label: 'アカウント作成' },
  { value: 'user.update', label: 'アカウント変更' },
  { value: 'login', label: 'ログイン' },
  { value: 'login.failed', label: 'ログイン失敗' },
  { value: 'logout', label: 'ログアウト' },
];
const ACTION_LABEL = new Map(ACTIONS.map((a) => [a.value, a.label]));

/** 2026-12-01T00:05:03.000Z → 2026/12/01 09:05 (日本時間). */
function japanTime(instant: string): string {
  const d = new Date(Date.parse(instant) + 9 * 3_600_000).toISOString();
  return `${d.slice(0, 10).replace(/-/g, '/')} ${d.slice(11, 16)}`;
}

export function AuditPage() {
  const { chamber = '' } = useParams();
  const allowed = useCan(chamber, 'audit.read');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [action, setAction] = useState('');
  const [login, setLogin] = useState('');
  const filter = new URLSearchParams();
  if (/^\d{4}-\d{2}-\d{2}$/.test(from)) filter.set('from', from);
  if (/^\d{4}-\d{2}-\d{2}$/.test(to)) filter.set('to', to);
  if (action) filter.set('action', action);
  if (login.trim()) filter.set('login', login.trim());
  const base = `/api/v1/chambers/${encodeURIComponent(chamber)}/audit`;
  const entries = useInfiniteQuery({
    queryKey: ['audit', chamber, filter.toString()],
    queryFn: ({ pageParam }) => getJson<AuditListBody>(`${base}?${filter.toString()}${pageParam ? `&before=${pageParam}` : ''}&limit=100`),
    initialPageParam: 0,
    getNextPageParam: (last) => last.next ?? undefined,
    enabled: allowed,
  });
  if (!allowed) return <ErrorAlert error={new Error('監査ログは管理者だけが見られます')} title="権限がありません" />;
  const csv = (encoding: string) => `${base}?${filter.toString()}&format=csv&encoding=${encoding}`;
  return (
    <div className="page audit">
      <title>監査ログ — しるべ</title>
      <Title order={1} className="page-title" mb="md">
        監査ログ
      </Title>
      <Text size="sm" mb="md">
        記録の取り込み・入力、計画の読み込み、アカウントの変更を、だれが・いつ・何を（変更前と変更後）したか残しています。監査ログは変更・削除できません。
      </Text>
      <Group align="flex-end" mb="md" className="no-print">
        <TextInput label="開始日" placeholder="2026-04-01" value={from} onChange={(e) => setFrom(e.currentTarget.value)} w={140} />
        <TextInput label="終了日" placeholder="2027-03-31" value={to} onChange={(e) => setTo(e.currentTarget.value)} w={140} />
        <Select label="操作" data={ACTIONS} value={action} onChange={(v) => setAction(v ?? '')} w={180} allowDeselect={false} />
        <TextInput label="ログインID" value={login} onChange={(e) => setLogin(e.currentTarget.value)} w={160} />
        <Anchor href={csv('utf-8')} download>
          CSV（UTF-8）
        </Anchor>
        <Anchor href={csv('shift_jis')} download>
          CSV（Shift_JIS）
        </Anchor>
      </Group>
      {entries.isPending ? (
        <PageLoader />
      ) : entries.isError ? (
        <ErrorAlert error={entries.error} />
      ) : (
        <>
          <Table withTableBorder striped className="audit-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={140}>日時</Table.Th>
                <Table.Th w={120}>ログインID</Table.Th>
                <Table.Th w={140}>操作</Table.Th>
                <Table.Th>内容</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {entries.data.pages.flatMap((p) => p.entries).length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={4}>該当する記録はありません。</Table.Td>
                </Table.Tr>
              )}
              {entries.data.pages
                .flatMap((p) => p.entries)
                .map((e) => (
                  <Table.Tr key={e.id}>
                    <Table.Td>{japanTime(e.at)}</Table.Td>
                    <Table.Td>{e.login}</Table.Td>
                    <Table.Td>{ACTION_LABEL.get(e.action) ?? e.action}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{e.summary}</Text>
                      {(e.before !== null || e.after !== null) && (
                        <details>
                          <summary>変更前・変更後</summary>
                          {e.before !== null && (
                            <Code block mt={4}>
                              変更前: {JSON.stringify(e.before, null, 1)}
                            </Code>
                          )}
                          {e.after !== null && (
                            <Code block mt={4}>
                              変更後: {JSON.stringify(e.after, null, 1)}
                            </Code>
                          )}
                        </details>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
            </Table.Tbody>
          </Table>
          {entries.hasNextPage && (
            <Button variant="default" mt="md" onClick={() => entries.fetchNextPage()} loading={entries.isFetchingNextPage}>
              さらに表示
            </Button>
          )}
        </>
      )}
    </div>
  );
}
