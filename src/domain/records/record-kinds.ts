/**
 * The default vocabulary of support-record kinds (種別) and their sub-kinds (区分), shipped
 * with the product and copied to each chamber, which may add its own.
 */
export interface RecordKind {
  kind: string;
  subKinds: string[];
  /** What the amount (金額・千円) of a record of this kind means, if it has one. */
  amountMeans?: string;
}

export const DEFAULT_RECORD_KINDS: readonly RecordKind[] = [
  { kind: '課題解決', subKinds: [] },
  { kind: '実行支援', subKinds: [] },
  {
    kind: '事業計画策定',
    subKinds: ['経営計画', '経営革新計画', '事業承継計画', '事業継続計画', '事業継続力強化計画', '創業計画', 'デジタル導入計画', 'その他'],
  },
  { kind: '補助金申請', subKinds: ['持続化補助金', '元気づくり補助金', 'IT導入補助金', 'ものづくり補助金', 'その他'] },
  { kind: '事業承継', subKinds: ['親族内承継', '第三者承継'] },
  { kind: '創業', subKinds: [] },
  { kind: 'チーム支援', subKinds: ['専門家派遣', '行政連携', '専門機関連携'] },
  { kind: '連携事業創出', subKinds: ['商工業者間', '農漁業者等'] },
  { kind: '地域外商談成約', subKinds: [] },
  { kind: '地域外意見交換', subKinds: [] },
  { kind: 'デジタル導入', subKinds: [], amountMeans: '利益創出額' },
  { kind: '地域内取引成立', subKinds: [] },
  { kind: 'ビジネスモデル創出', subKinds: [] },
  { kind: '施策提案', subKinds: [] },
  { kind: '消費喚起事業参画', subKinds: [] },
];

/** Rows for the record_kinds table: the kind itself ('' sub-kind), then each 区分. */
export function recordKindRows(kinds: readonly RecordKind[] = DEFAULT_RECORD_KINDS): { kind: string; subKind: string; sort: number }[] {
  let sort = 0;
  return kinds.flatMap((k) => [
    { kind: k.kind, subKind: '', sort: sort++ },
    ...k.subKinds.map((subKind) => ({ kind: k.kind, subKind, sort: sort++ })),
  ]);
}

/** 業種 commonly used by 商工会; 商業・サービス業 are the last four. */
export const INDUSTRIES = ['製造業', '建設業', '卸売業', '小売業', '飲食業', 'サービス業', 'その他'] as const;
export const COMMERCE_AND_SERVICE_INDUSTRIES = ['卸売業', '小売業', '飲食業', 'サービス業'] as const;
