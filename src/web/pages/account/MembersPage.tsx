/**
 * アカウント管理 (a chamber's 管理者): the accounts with a role in the chamber, adding one,
 * changing its role, stopping it, and setting a new password for someone who forgot theirs.
 */
import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  PasswordInput,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useParams } from 'react-router';
import { CHAMBER_ROLES, type ChamberRole, PASSWORD_MIN_LENGTH, ROLE_LABELS } from '../../../domain/access.js';
import { getJson, sendJson, useSession } from '../../api.js';
import { fieldErrors, formError } from '../../components/FieldErrors.js';
import { ErrorAlert, PageLoader } from '../../components/Status.js';
import { useCan } from '../../permissions.js';
import type { MemberBody } from '../../types.js';

const ROLE_OPTIONS = CHAMBER_ROLES.map((r) => ({
  value: r,
  label: `${ROLE_LABELS[r]}（${r === 'admin' ? 'すべて・アカウント' : r === 'staff' ? '記録・評価の入力' : '見るだけ'}）`,
}));

export function MembersPage() {
  const { chamber = '' } = useParams();
  const allowed = useCan(chamber, 'users.manage');
  const me = useSession().data?.user.login;
  const path = `/api/v1/chambers/${encodeURIComponent(chamber)}/members`;
  const queryClient = useQueryClient();
  const members = useQuery({
    queryKey: ['members', chamber],
    queryFn: () => getJson<{ members: MemberBody[] }>(path),
    enabled: allowed,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['members', chamber] });
  const update = useMutation({
    mutationFn: ({ id, ...body }: { id: number; role?: ChamberRole | null; disabled?: boolean; password?: string }) =>
      sendJson('PATCH', `${path}/${id}`, body),
    onSuccess: refresh,
  });
  const [resetting, setResetting] = useState<MemberBody | null>(null);

  if (!allowed) return <ErrorAlert error={new Error('アカウントの管理は管理者だけができます')} title="権限がありません" />;
  return (
    <div className="page members">
      <title>アカウント管理 — しるべ</title>
      <Title order={1} className="page-title" mb="md">
        アカウント管理
      </Title>
      {update.error && <ErrorAlert error={update.error} title="変更できませんでした" />}
      {members.isPending ? (
        <PageLoader />
      ) : members.isError ? (
        <ErrorAlert error={members.error} />
      ) : (
        <Table withTableBorder striped mb="xl" className="members-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>氏名</Table.Th>
              <Table.Th>ログインID</Table.Th>
              <Table.Th>役割</Table.Th>
              <Table.Th>利用</Table.Th>
              <Table.Th>パスワード</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {members.data.members.map((m) => (
              <Table.Tr key={m.id} data-login={m.login}>
                <Table.Td>
                  {m.displayName}
                  {m.login === me && (
                    <Badge ml="xs" variant="light" size="sm">
                      自分
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>{m.login}</Table.Td>
                <Table.Td>
                  <Select
                    aria-label={`${m.displayName}の役割`}
                    data={ROLE_OPTIONS}
                    value={m.role}
                    allowDeselect={false}
                    disabled={m.login === me}
                    onChange={(role) => role && update.mutate({ id: m.id, role: role as ChamberRole })}
                    w={260}
                  />
                </Table.Td>
                <Table.Td>
                  <Switch
                    aria-label={`${m.displayName}の利用`}
                    label={m.disabled ? '停止中' : '利用中'}
                    checked={!m.disabled}
                    disabled={m.login === me}
                    onChange={(e) => update.mutate({ id: m.id, disabled: !e.currentTarget.checked })}
                  />
                </Table.Td>
                <Table.Td>
                  <Button variant="default" size="xs" onClick={() => setResetting(m)}>
                    再設定
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <NewMember path={path} onCreated={refresh} />
      <ResetPassword
        member={resetting}
        onClose={() => setResetting(null)}
        onReset={(password) => (resetting ? update.mutateAsync({ id: resetting.id, password }) : undefined)}
      />
    </div>
  );
}

function NewMember({ path, onCreated }: { path: string; onCreated: () => void }) {
  const [login, setLogin] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<ChamberRole>('staff');
  const create = useMutation({
    mutationFn: () => sendJson<{ id: number }>('POST', path, { login, displayName, password, role }),
    onSuccess: () => {
      setLogin('');
      setDisplayName('');
      setPassword('');
      onCreated();
    },
  });
  const errors = fieldErrors(create.error);
  const error = formError(create.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <Paper withBorder p="lg" maw={640}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={2} size="h3">
            アカウントを追加
          </Title>
          {create.isSuccess && (
            <Alert color="teal" variant="light" role="status">
              アカウントを作りました。初期パスワードを本人に伝え、最初のログインのあとで変えてもらってください。
            </Alert>
          )}
          {error && (
            <Alert color="red" variant="light" role="alert">
              {error}
            </Alert>
          )}
          <Group grow align="flex-start">
            <TextInput label="氏名" value={displayName} onChange={(e) => setDisplayName(e.currentTarget.value)} error={errors.氏名} />
            <TextInput
              label="ログインID"
              description="半角英数字と . _ @ -"
              value={login}
              onChange={(e) => setLogin(e.currentTarget.value)}
              error={errors.ログインID}
            />
          </Group>
          <Group grow align="flex-start">
            <PasswordInput
              label="初期パスワード"
              description={`${PASSWORD_MIN_LENGTH}文字以上`}
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={errors.パスワード}
              autoComplete="new-password"
            />
            <Select label="役割" data={ROLE_OPTIONS} value={role} allowDeselect={false} onChange={(r) => r && setRole(r as ChamberRole)} />
          </Group>
          <Button type="submit" loading={create.isPending} w="fit-content">
            追加する
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}

function ResetPassword({
  member,
  onClose,
  onReset,
}: {
  member: MemberBody | null;
  onClose: () => void;
  onReset: (password: string) => Promise<unknown> | undefined;
}) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await onReset(password);
      setPassword('');
      setError(null);
      onClose();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <Modal opened={member !== null} onClose={onClose} title={`${member?.displayName ?? ''}のパスワードを再設定`}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">新しいパスワードを本人に伝えてください。その人のログイン中の端末はログアウトされます。</Text>
          <PasswordInput
            label="新しいパスワード"
            description={`${PASSWORD_MIN_LENGTH}文字以上`}
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={fieldErrors(error).パスワード ?? formError(error)}
            autoComplete="new-password"
            data-autofocus
          />
          <Button type="submit" w="fit-content">
            再設定する
          </Button>
        </Stack>
      </form>
    </Modal>
  );
}
