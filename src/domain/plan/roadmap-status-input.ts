/**
 * The form of one 工程表 entry's status (状況・備考・根拠), shared by the measure page's form and
 * the server, and the check beyond the schema: 未実施 and 延期 need a note saying why (and, for
 * 延期, until when), since the 事業計画 of the next year and the 評価委員会 read it.
 *
 * The evidence is the chamber's support records and events (their ids); that they are the
 * chamber's is the server's check. Their year is not checked: the picker offers the entry's
 * year, but work is sometimes shown by a record just before or after it (a seminar prepared in
 * 3月 for 4月).
 *
 * No library but zod: the web UI imports this module.
 */
import { z } from 'zod';
import { ROADMAP_STATE_LABELS, ROADMAP_STATUSES } from './roadmap-status.js';

export const ROADMAP_NOTE_MAX = 1000;
/** Per kind: enough for a year's seminars, few enough to read. */
export const ROADMAP_EVIDENCE_MAX = 20;

export const ROADMAP_STATUS_FIELDS = {
  status: '状況',
  note: '備考',
  evidence: '根拠',
} as const;
export type RoadmapStatusField = keyof typeof ROADMAP_STATUS_FIELDS;

const ids = (what: string) =>
  z
    .array(z.number().int().positive())
    .max(ROADMAP_EVIDENCE_MAX, { error: `根拠の${what}は${ROADMAP_EVIDENCE_MAX}件までです` })
    .default([])
    .transform((list) => [...new Set(list)]);

export const roadmapStatusInputSchema = z.object({
  status: z.enum(ROADMAP_STATUSES, { error: '状況を選んでください' }),
  note: z
    .string()
    .max(ROADMAP_NOTE_MAX, { error: `備考は${ROADMAP_NOTE_MAX}文字以内で入力してください` })
    .nullable()
    .default(null)
    .transform((v) => (v === null || v.trim() === '' ? null : v.trim())),
  supportRecordIds: ids('支援記録'),
  eventIds: ids('イベント'),
});
export type RoadmapStatusInput = z.output<typeof roadmapStatusInputSchema>;

export interface RoadmapStatusProblem {
  field: RoadmapStatusField;
  message: string;
}

/** What the schema cannot say: 未実施 and 延期 need the reason in 備考. */
export function checkRoadmapStatus(input: RoadmapStatusInput): RoadmapStatusProblem[] {
  if ((input.status === 'notDone' || input.status === 'postponed') && input.note === null) {
    const label = ROADMAP_STATE_LABELS[input.status];
    return [
      {
        field: 'note',
        message:
          input.status === 'postponed' ? `${label}の理由といつまで延ばすかを備考に書いてください` : `${label}の理由を備考に書いてください`,
      },
    ];
  }
  return [];
}
