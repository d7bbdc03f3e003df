import { Anchor, List, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import type { Chamber } from '../types.js';

export function ChamberListPage({ chambers }: { chambers: Chamber[] }) {
  return (
    <div className="page chambers">
      <title>しるべ</title>
      <Title order={1} className="page-title" mb="md">
        商工会
      </Title>
      {chambers.length === 0 && <Text>商工会の計画がまだ登録されていません。</Text>}
      <List spacing="xs">
        {chambers.map((c) => (
          <List.Item key={c.code}>
            <Anchor component={Link} to={`/c/${encodeURIComponent(c.code)}`}>
              {c.name}
            </Anchor>
          </List.Item>
        ))}
      </List>
    </div>
  );
}
