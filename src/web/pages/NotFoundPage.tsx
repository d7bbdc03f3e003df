import { Anchor, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';

interface NotFoundPageProps {
  message?: string;
}

export function NotFoundPage({ message = 'お探しのページは見つかりませんでした。' }: NotFoundPageProps) {
  return (
    <Stack className="page not-found" gap="sm" py="xl" align="flex-start">
      <title>ページが見つかりません | しるべ</title>
      <Text c="dimmed" fw={700}>
        404
      </Text>
      <Title order={1} className="page-title">
        ページが見つかりません
      </Title>
      <Text>{message}</Text>
      <Anchor component={Link} to="/">
        トップへ戻る
      </Anchor>
    </Stack>
  );
}
