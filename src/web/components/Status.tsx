import { Alert, Center, Loader } from '@mantine/core';

export function PageLoader() {
  return (
    <Center py="xl">
      <Loader aria-label="読み込み中" />
    </Center>
  );
}

export function ErrorAlert({ error, title = '読み込めませんでした' }: { error: Error; title?: string }) {
  return (
    <Alert color="red" variant="light" title={title} role="alert" my="md">
      {error.message}
    </Alert>
  );
}
