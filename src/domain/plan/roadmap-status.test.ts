import { describe, expect, test } from 'vitest';
import {
  carriedOver,
  isLate,
  type LateReason,
  lateReason,
  type RoadmapState,
  type RoadmapStatus,
  roadmapState,
  yearPhase,
} from './roadmap-status.js';
import { checkRoadmapStatus, roadmapStatusInputSchema } from './roadmap-status-input.js';

// FY2024 (R6) runs 2024-04-01 … 2025-03-31; 上期 4–9月, 下期 10–3月.
describe('yearPhase', () => {
  test.each([
    [2024, '2024-03-31', 'future'],
    [2024, '2024-04-01', 'current'],
    [2024, '2025-03-31', 'current'],
    [2024, '2025-04-01', 'closed'],
    [2023, '2024-04-01', 'closed'],
    [2023, '2024-03-31', 'current'],
  ] as const)('FY%i on %s is %s', (fy, today, phase) => {
    expect(yearPhase(fy, today)).toBe(phase);
  });
});

describe('roadmapState: what an entry shows', () => {
  test.each<[number, RoadmapStatus | null, string, RoadmapState]>([
    // Nothing recorded: 予定 until the year ends, 未報告 from 4月1日 after.
    [2024, null, '2023-12-01', 'planned'],
    [2024, null, '2024-04-01', 'planned'],
    [2024, null, '2025-03-31', 'planned'],
    [2024, null, '2025-04-01', 'unreported'],
    // A recorded status is shown as it is, whatever the year.
    [2024, 'planned', '2025-04-01', 'planned'],
    [2024, 'done', '2023-12-01', 'done'],
    [2024, 'postponed', '2024-06-01', 'postponed'],
  ])('FY%i recorded %s on %s shows %s', (fiscalYear, status, today, state) => {
    expect(roadmapState({ fiscalYear }, status, today)).toBe(state);
  });
});

describe('lateReason: which entries are late', () => {
  test.each<[number, RoadmapStatus | null, string, LateReason | null]>([
    // A year not yet begun is never late, whatever is recorded.
    [2024, null, '2024-03-31', null],
    [2024, 'postponed', '2024-03-31', null],
    [2024, 'notDone', '2024-03-31', null],
    // This year, 上期: only 未実施 and 延期.
    [2024, null, '2024-04-01', null],
    [2024, 'planned', '2024-09-30', null],
    [2024, 'inProgress', '2024-09-30', null],
    [2024, 'done', '2024-09-30', null],
    [2024, 'notDone', '2024-04-01', 'notDone'],
    [2024, 'postponed', '2024-09-30', 'postponed'],
    // This year, 下期 (from 10月1日): 予定, recorded or not, is late; 実施中 is not.
    [2024, null, '2024-10-01', 'notStarted'],
    [2024, 'planned', '2024-10-01', 'notStarted'],
    [2024, 'inProgress', '2024-10-01', null],
    [2024, 'inProgress', '2025-03-31', null],
    [2024, null, '2025-03-31', 'notStarted'],
    [2024, 'done', '2025-03-31', null],
    // The year has ended (4月1日 after): everything but 実施済.
    [2024, null, '2025-04-01', 'unreported'],
    [2024, 'planned', '2025-04-01', 'unfinished'],
    [2024, 'inProgress', '2025-04-01', 'unfinished'],
    [2024, 'notDone', '2025-04-01', 'notDone'],
    [2024, 'postponed', '2026-12-03', 'postponed'],
    [2024, 'done', '2025-04-01', null],
    [2022, 'done', '2026-12-03', null],
  ])('FY%i recorded %s on %s: %s', (fiscalYear, status, today, reason) => {
    expect(lateReason({ fiscalYear }, status, today)).toBe(reason);
    expect(isLate({ fiscalYear }, status, today)).toBe(reason !== null);
  });
});

describe('carriedOver: what next year’s 事業計画 takes up', () => {
  const entries = [
    { id: 'a', fiscalYear: 2024, lastYear: 2024, status: 'notDone' as const },
    { id: 'b', fiscalYear: 2024, lastYear: 2026, status: 'postponed' as const },
    { id: 'c', fiscalYear: 2024, lastYear: 2024, status: 'inProgress' as const },
    { id: 'd', fiscalYear: 2024, lastYear: 2024, status: null },
    { id: 'e', fiscalYear: 2024, lastYear: 2024, status: 'done' as const },
    { id: 'f', fiscalYear: 2023, lastYear: 2024, status: 'postponed' as const },
    { id: 'g', fiscalYear: 2025, lastYear: 2025, status: 'notDone' as const },
  ];

  test('the 未実施 and 延期 of that year only, to the next year, saying whether the plan continues them', () => {
    expect(carriedOver(entries, 2024)).toEqual([
      { id: 'a', fiscalYear: 2024, lastYear: 2024, status: 'notDone', toYear: 2025, continuesInPlan: false },
      { id: 'b', fiscalYear: 2024, lastYear: 2026, status: 'postponed', toYear: 2025, continuesInPlan: true },
    ]);
  });

  test('a year with none carries nothing', () => {
    expect(carriedOver(entries, 2022)).toEqual([]);
  });
});

describe('the status form', () => {
  const parse = (input: Record<string, unknown>) => roadmapStatusInputSchema.parse(input);

  test('trims the note, defaults and de-duplicates the evidence', () => {
    expect(parse({ status: 'done', note: '  開催した  ', supportRecordIds: [3, 3, 1] })).toEqual({
      status: 'done',
      note: '開催した',
      supportRecordIds: [3, 1],
      eventIds: [],
    });
    expect(parse({ status: 'planned', note: '　' }).note).toBeNull();
  });

  test.each([
    [{ status: 'finished' }, '状況を選んでください'],
    [{ status: 'done', note: 'x'.repeat(1001) }, '備考は1000文字以内で入力してください'],
    [{ status: 'done', eventIds: Array.from({ length: 21 }, (_, i) => i + 1) }, '根拠のイベントは20件までです'],
    [{ status: 'done', supportRecordIds: [0] }, undefined],
  ])('refuses %j', (input, message) => {
    const result = roadmapStatusInputSchema.safeParse(input);
    expect(result.success).toBe(false);
    if (message) expect(result.error?.issues[0]?.message).toBe(message);
  });

  test.each<[RoadmapStatus, string | null, string | null]>([
    ['postponed', null, '延期の理由といつまで延ばすかを備考に書いてください'],
    ['notDone', null, '未実施の理由を備考に書いてください'],
    ['postponed', '講師の都合で来年度6月に', null],
    ['done', null, null],
    ['planned', null, null],
  ])('%s with note %j: %s', (status, note, problem) => {
    const problems = checkRoadmapStatus({ status, note, supportRecordIds: [], eventIds: [] });
    expect(problems).toEqual(problem === null ? [] : [{ field: 'note', message: problem }]);
  });
});
