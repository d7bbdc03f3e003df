/**
 * CSV出力: a download of records in the import format (a round trip gives the same data), as
 * UTF-8 with BOM (Excel opens it with correct Japanese) or Shift_JIS for older tools. The
 * browser downloads the file itself, with the session cookie.
 */
import { Button, Menu } from '@mantine/core';

export function ExportMenu({
  chamber,
  kind,
  filter = {},
  label = 'CSV出力',
}: {
  chamber: string;
  /** Import kind: support, businesses, statistics, events, finances, mutualAid. */
  kind: string;
  /** fiscalYear, recordKind, from, to: what the list shows. */
  filter?: Record<string, string | number | undefined>;
  label?: string;
}) {
  const href = (encoding: 'utf-8' | 'shift_jis') => {
    const params = new URLSearchParams({ encoding });
    for (const [k, v] of Object.entries(filter)) if (v !== undefined && v !== '') params.set(k, String(v));
    return `/api/v1/chambers/${encodeURIComponent(chamber)}/exports/${kind}.csv?${params}`;
  };
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button size="xs" variant="default">
          {label}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>取り込みと同じ形式</Menu.Label>
        <Menu.Item component="a" href={href('utf-8')} download>
          CSV（UTF-8・Excel 用）
        </Menu.Item>
        <Menu.Item component="a" href={href('shift_jis')} download>
          CSV（Shift_JIS）
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
