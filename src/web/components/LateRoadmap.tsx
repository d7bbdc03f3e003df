/**
 * The dashboard's 遅れている取組: the 工程表 entries of the year shown that are late today (the
 * rules: src/domain/plan/roadmap-status.ts), those staff said will not happen (未実施, 延期) first,
 * each linking to its measure; the rest on the 工程表の進み具合 page. Nothing when none is late.
 */
import { Anchor, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { formatFiscalYear } from '../../domain/fiscal-calendar.js';
import { LATE_REASON_LABELS, type LateReason } from '../../domain/plan/roadmap-status.js';
import { useLateRoadmap } from '../api.js';
import { RoadmapStateBadge } from './RoadmapStateBadge.js';

const SHOWN = 8;
const FIRST: readonly LateReason[] = ['notDone', 'postponed', 'unfinished', 'unreported', 'notStarted'];

export function LateRoadmap({ chamber, fiscalYear, base }: { chamber: string; fiscalYear: number | undefined; base: string }) {
  const late = useLateRoadmap(chamber, fiscalYear);
  if (late.isError) {
    return (
      <Text size="sm" c="red">
        遅れている取組を読み込めませんでした: {late.error.message}
      </Text>
    );
  }
  if (!late.data || late.data.entries.length === 0) return null;
  const { entries, fiscalYear: year } = late.data;
  const sorted = [...entries].sort((a, b) => FIRST.indexOf(a.lateReason) - FIRST.indexOf(b.lateReason));
  return (
    <Paper withBorder p="md" className="late-roadmap" component="section" aria-label="遅れている取組">
      <Title order={2} size="h4" mb="xs">
        遅れている取組（{formatFiscalYear(year, 'short')}、{entries.length}件）
      </Title>
      <Stack gap={4}>
        {sorted.slice(0, SHOWN).map((e) => (
          <Group key={`${e.itemId}-${e.fiscalYear}`} gap="sm" wrap="nowrap" data-late-item={e.itemId} align="baseline">
            <RoadmapStateBadge state={e.state} />
            <Anchor component={Link} to={`${base}/measures/${e.measure}`} size="sm" className="late-roadmap-link">
              施策{e.measure}（{e.initiative}）{e.text.replace(/\s*\n\s*/g, ' ')}
            </Anchor>
            <Text size="sm" c="dimmed" className="late-roadmap-reason" title={e.note ?? undefined}>
              {e.note ?? LATE_REASON_LABELS[e.lateReason]}
            </Text>
          </Group>
        ))}
      </Stack>
      <Anchor component={Link} to={`${base}/roadmap?year=${year}&state=late`} size="sm" mt="xs" display="inline-block" className="no-print">
        {entries.length > SHOWN ? `ほか${entries.length - SHOWN}件も見る（工程表の進み具合）` : '工程表の進み具合で見る'}
      </Anchor>
    </Paper>
  );
}
