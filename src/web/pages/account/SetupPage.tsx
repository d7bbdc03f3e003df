/**
 * 初期設定: the first start, when there is no account yet. The account made here is the
 * system administrator (管理者 of every chamber), signed in straight away.
 */
import { Button, PasswordInput, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { PASSWORD_MIN_LENGTH } from '../../../domain/access.js';
import { sendJson } from '../../api.js';
import { AuthCard } from '../../components/AuthCard.js';
import { fieldErrors, formError } from '../../components/FieldErrors.js';

export function SetupPage() {
  const [login, setLogin] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const setUp = useMutation({
    mutationFn: () => sendJson('POST', '/api/v1/setup', { login, displayName, password }),
    onSuccess: async () => {
      await queryClient.resetQueries();
      navigate('/', { replace: true });
    },
  });
  const mismatch = confirm !== '' && confirm !== password;
  const errors = fieldErrors(setUp.error);
  return (
    <AuthCard
      pageTitle="初期設定"
      heading="初期設定：管理者の作成"
      error={formError(setUp.error)}
      onSubmit={() => {
        if (!mismatch) setUp.mutate();
      }}
    >
      <Text size="sm">しるべ を使い始めるために、最初の管理者のアカウントを作ります。この管理者が、職員や理事のアカウントを作ります。</Text>
      <TextInput
        label="ログインID"
        description="半角英数字と . _ @ -（3文字以上）"
        value={login}
        onChange={(e) => setLogin(e.currentTarget.value)}
        error={errors.ログインID}
        autoComplete="username"
        autoFocus
        required
      />
      <TextInput
        label="氏名"
        value={displayName}
        onChange={(e) => setDisplayName(e.currentTarget.value)}
        error={errors.氏名}
        autoComplete="name"
        required
      />
      <PasswordInput
        label="パスワード"
        description={`${PASSWORD_MIN_LENGTH}文字以上。覚えやすい文（例：「にかほの海は青い2026」）がおすすめです`}
        value={password}
        onChange={(e) => setPassword(e.currentTarget.value)}
        error={errors.パスワード}
        autoComplete="new-password"
        required
      />
      <PasswordInput
        label="パスワード（確認）"
        value={confirm}
        onChange={(e) => setConfirm(e.currentTarget.value)}
        error={mismatch ? 'パスワードが一致しません' : undefined}
        autoComplete="new-password"
        required
      />
      <Button type="submit" loading={setUp.isPending} disabled={confirm === '' || mismatch}>
        管理者を作成して始める
      </Button>
    </AuthCard>
  );
}
