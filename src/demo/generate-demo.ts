/**
 * A deterministic, にかほ-like history for the demo: about 1,000 businesses with their
 * membership history (組織率 near 70 %), official counts, about 1,500 課題解決＋実行支援 a
 * year and the other support work, events, finances and 共済, from FY2021 (the plan's
 * baseline year, whose figures match the plan's baselines) up to `today`. Volumes are set
 * so that some KPIs are met and some are not. Pure: the same seed and day give the same data.
 */
import { asOf, fiscalYearBounds, fiscalYearOf, fiscalYearRange, type IsoDate, toIsoDate } from '../domain/fiscal-calendar.js';
import { COMMERCE_AND_SERVICE_INDUSTRIES } from '../domain/records/record-kinds.js';
import { type SeededRandom, seededRandom } from './seeded-random.js';

export interface DemoBusiness {
  code: string;
  name: string;
  kana: string;
  industry: string;
  district: string;
  employees: number;
  foundedOn: IsoDate;
  memberships: { joinedOn: IsoDate; leftOn: IsoDate | null }[];
}

export interface DemoData {
  businesses: DemoBusiness[];
  statistics: { fiscalYear: number; item: string; value: number }[];
  support: {
    externalId: string;
    date: IsoDate;
    businessCode: string | null;
    kind: string;
    subKind: string | null;
    quantity: number;
    amount: number | null;
    staff: string;
    note: string | null;
  }[];
  events: { externalId: string; date: IsoDate; name: string; category: string; visitors: number; participantCodes: string[] }[];
  finances: { fiscalYear: number; item: string; amount: number }[];
  mutualAid: { externalId: string; businessCode: string; type: string; joinedOn: IsoDate; leftOn: IsoDate | null }[];
}

type Random = SeededRandom;

const FAMILY = [
  ['佐藤', 'サトウ'],
  ['斎藤', 'サイトウ'],
  ['佐々木', 'ササキ'],
  ['伊藤', 'イトウ'],
  ['高橋', 'タカハシ'],
  ['小松', 'コマツ'],
  ['渡辺', 'ワタナベ'],
  ['象潟', 'キサカタ'],
  ['金浦', 'コノウラ'],
  ['仁賀保', 'ニカホ'],
  ['鳥海', 'チョウカイ'],
  ['平沢', 'ヒラサワ'],
  ['院内', 'インナイ'],
  ['三森', 'ミツモリ'],
  ['大竹', 'オオタケ'],
  ['冬師', 'トウシ'],
  ['須藤', 'スドウ'],
  ['菅原', 'スガワラ'],
  ['今野', 'コンノ'],
  ['池田', 'イケダ'],
] as const;

const TRADE: Record<string, readonly (readonly [string, string])[]> = {
  製造業: [
    ['精工', 'セイコウ'],
    ['製作所', 'セイサクショ'],
    ['電子', 'デンシ'],
    ['水産加工', 'スイサンカコウ'],
    ['食品', 'ショクヒン'],
  ],
  建設業: [
    ['建設', 'ケンセツ'],
    ['工務店', 'コウムテン'],
    ['設備', 'セツビ'],
  ],
  卸売業: [
    ['商事', 'ショウジ'],
    ['物産', 'ブッサン'],
  ],
  小売業: [
    ['商店', 'ショウテン'],
    ['酒店', 'サケテン'],
    ['薬局', 'ヤッキョク'],
    ['呉服店', 'ゴフクテン'],
  ],
  飲食業: [
    ['食堂', 'ショクドウ'],
    ['寿司', 'スシ'],
    ['そば店', 'ソバテン'],
    ['喫茶', 'キッサ'],
  ],
  サービス業: [
    ['理容', 'リヨウ'],
    ['美容室', 'ビヨウシツ'],
    ['旅館', 'リョカン'],
    ['自動車整備', 'ジドウシャセイビ'],
    ['クリーニング', 'クリーニング'],
  ],
  その他: [['企画', 'キカク']],
};

const INDUSTRY_MIX = [
  ['製造業', 15],
  ['建設業', 15],
  ['卸売業', 5],
  ['小売業', 22],
  ['飲食業', 10],
  ['サービス業', 28],
  ['その他', 5],
] as const;

const DISTRICTS = ['仁賀保', '金浦', '象潟'] as const;
const STAFF = ['経営指導員 佐藤', '経営指導員 高橋', '経営指導員 小松', '経営支援員 斎藤', '経営支援員 今野'] as const;
/** How support work is spread over the months April…March (more before subsidy deadlines). */
const MONTH_WEIGHTS = [7, 9, 10, 9, 6, 9, 9, 8, 7, 7, 9, 10] as const;

const COMMERCE: readonly string[] = COMMERCE_AND_SERVICE_INDUSTRIES;

export const DEMO_FIRST_YEAR = 2021;

export function generateDemo({ today, seed = 2022 }: { today: IsoDate; seed?: number }): DemoData {
  const r = seededRandom(seed);
  const lastYear = fiscalYearOf(today);
  const years = fiscalYearRange(DEMO_FIRST_YEAR, lastYear);
  const out: DemoData = { businesses: [], statistics: [], support: [], events: [], finances: [], mutualAid: [] };
  const closedOn = new Map<string, IsoDate>();

  /** A day of fiscal year `fy`, no later than `until` (and today); undefined if none is left. */
  const dayIn = (fy: number, until?: IsoDate): IsoDate | undefined => {
    const { start, end } = fiscalYearBounds(fy);
    const last = [end, until ?? end, today].sort()[0] as IsoDate;
    if (last < start) return undefined;
    for (let tries = 0; tries < 20; tries++) {
      const monthIndex = r.weighted(MONTH_WEIGHTS.map((w, i) => [i, w] as const));
      const month = ((monthIndex + 3) % 12) + 1;
      const year = month >= 4 ? fy : fy + 1;
      const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
      const date = toIsoDate({ year, month, day: r.int(1, days) });
      if (date >= start && date <= last) return date;
    }
    return start <= last ? start : undefined;
  };

  /** A day in February or March of fiscal year `fy` (after the 1月末 as-of day), if not after today. */
  const lateDay = (fy: number): IsoDate | undefined => {
    const date = toIsoDate({ year: fy + 1, month: r.chance(0.5) ? 2 : 3, day: r.int(1, 28) });
    return date <= today ? date : undefined;
  };

  let serial = 0;
  const newBusiness = (foundedOn: IsoDate): DemoBusiness => {
    serial++;
    const industry = r.weighted(INDUSTRY_MIX);
    const [family, familyKana] = r.pick(FAMILY);
    const [trade, tradeKana] = r.pick(TRADE[industry] ?? [['企画', 'キカク']]);
    const corporate = r.chance(0.35);
    const business: DemoBusiness = {
      code: `B${String(serial).padStart(4, '0')}`,
      name: `${corporate ? '株式会社' : ''}${family}${trade}`,
      kana: `${corporate ? 'カブシキガイシャ' : ''}${familyKana}${tradeKana}`,
      industry,
      district: r.pick(DISTRICTS),
      employees: industry === '製造業' ? r.int(3, 120) : r.int(0, 15),
      foundedOn,
      memberships: [],
    };
    out.businesses.push(business);
    return business;
  };

  // The businesses of FY2021, about 70 % of them members on 2021-04-01.
  for (let i = 0; i < 1003; i++) {
    const b = newBusiness(toIsoDate({ year: r.int(1950, 2020), month: r.int(1, 12), day: r.int(1, 28) }));
    // 702 of 1,003 (70.0 %); the businesses themselves are random, so taking every i % 10 < 7 is fair.
    if (i % 10 < 7) b.memberships.push({ joinedOn: later(b.foundedOn, `${r.int(1965, 2020)}-04-01`), leftOn: null });
  }
  const alive = (b: DemoBusiness, day: IsoDate) => b.foundedOn <= day && !((closedOn.get(b.code) ?? '9999') <= day);
  const memberOn = (b: DemoBusiness, day: IsoDate) => b.memberships.some((m) => m.joinedOn <= day && (m.leftOn === null || day < m.leftOn));

  for (const fy of years) {
    const t = fy - DEMO_FIRST_YEAR;
    const april = fiscalYearBounds(fy).start;
    if (fy > DEMO_FIRST_YEAR) {
      // Closures, leavers and joiners of the year before, effective by this April.
      const prevEnd = fiscalYearBounds(fy - 1).end;
      for (const b of out.businesses) {
        if (!alive(b, prevEnd)) continue;
        const current = b.memberships.find((m) => m.leftOn === null);
        if (r.chance(0.012)) {
          closedOn.set(b.code, prevEnd);
          if (current) current.leftOn = prevEnd;
        } else if (current && r.chance(0.025)) {
          current.leftOn = prevEnd;
        } else if (!current && r.chance(0.06)) {
          b.memberships.push({ joinedOn: dayIn(fy - 1) ?? april, leftOn: null });
        }
      }
    }
    const living = out.businesses.filter((b) => alive(b, april));
    out.statistics.push({ fiscalYear: fy, item: '商工業者数', value: living.length });
    out.statistics.push({
      fiscalYear: fy,
      item: '商業・サービス業者数',
      value: living.filter((b) => COMMERCE.includes(b.industry)).length,
    });
    const members = living.filter((b) => memberOn(b, april));

    let n = 0;
    const record = (
      kind: string,
      subKind: string | null,
      business: DemoBusiness | null,
      date: IsoDate | undefined,
      extra: { amount?: number; note?: string; quantity?: number } = {},
    ) => {
      if (!date) return;
      out.support.push({
        externalId: `S${fy}-${String(++n).padStart(5, '0')}`,
        date,
        businessCode: business?.code ?? null,
        kind,
        subKind,
        quantity: extra.quantity ?? 1,
        amount: extra.amount ?? null,
        staff: r.pick(STAFF),
        note: extra.note ?? null,
      });
    };
    const anyone = () => r.pick(living);
    const member = () => r.pick(members.length ? members : living);
    const ofIndustry = (industries: readonly string[]) => r.pick(living.filter((b) => industries.includes(b.industry)));

    // 施策5: 1,440 in the baseline year, growing less than the targets (1,500 … 1,740).
    for (let i = r.around(1160 + 22 * t, 15); i > 0; i--) record('課題解決', null, member(), dayIn(fy));
    for (let i = r.around(280 + 6 * t, 8); i > 0; i--) record('実行支援', null, member(), dayIn(fy));
    for (let i = r.around(30 + 2.6 * t, 2); i > 0; i--)
      record(
        'チーム支援',
        r.weighted([
          ['専門家派遣', 6],
          ['行政連携', 2],
          ['専門機関連携', 2],
        ]),
        member(),
        dayIn(fy),
      );
    // 施策1: plans (BCP about 5 a year against a target of 6) and subsidies.
    for (let i = r.around(60 + 1.5 * t, 2); i > 0; i--) {
      const sub = r.weighted([
        ['経営計画', 50],
        ['経営革新計画', 8],
        ['事業承継計画', 10],
        ['事業継続計画', 4],
        ['事業継続力強化計画', 4],
        ['創業計画', 8],
        ['デジタル導入計画', 8],
        ['その他', 8],
      ]);
      record('事業計画策定', sub, member(), dayIn(fy));
    }
    for (let i = r.around(48 + 1.2 * t, 2); i > 0; i--)
      record(
        '補助金申請',
        r.weighted([
          ['持続化補助金', 55],
          ['元気づくり補助金', 15],
          ['IT導入補助金', 15],
          ['ものづくり補助金', 10],
          ['その他', 5],
        ]),
        member(),
        dayIn(fy),
      );
    // 施策2: three successions a year (target pace 3–5).
    if (fy > DEMO_FIRST_YEAR) {
      for (let i = 0; i < 2; i++) record('事業承継', '親族内承継', member(), dayIn(fy));
      record('事業承継', '第三者承継', member(), dayIn(fy));
    }
    // 施策3: few partnerships.
    if (fy >= 2025) record('連携事業創出', '商工業者間', ofIndustry(['製造業', '卸売業']), dayIn(fy));
    for (let i = fy <= 2022 ? 0 : fy === 2023 ? 1 : 2; i > 0; i--)
      record('連携事業創出', '農漁業者等', ofIndustry(['製造業', '飲食業', '小売業']), dayIn(fy));
    // 施策4: proposals to the city (the chamber's own records) and startups.
    for (let i = fy === DEMO_FIRST_YEAR ? 3 : fy <= 2023 ? 4 : 5; i > 0; i--)
      record('施策提案', null, null, dayIn(fy), { note: 'にかほ市への商工業施策の提案' });
    for (let i = fy === DEMO_FIRST_YEAR ? 6 : 5; i > 0; i--) {
      const day = dayIn(fy);
      if (!day) continue;
      const startup = newBusiness(day);
      if (r.chance(0.6)) startup.memberships.push({ joinedOn: day, leftOn: null });
      record('創業', null, startup, day);
    }
    // 施策7: deals outside the region (ahead of target) and exchanges (a little behind).
    for (let i = fy === DEMO_FIRST_YEAR ? 3 : 5; i > 0; i--) record('地域外商談成約', null, ofIndustry(['製造業']), dayIn(fy));
    if (fy > DEMO_FIRST_YEAR) {
      const makers = living.filter((b) => b.industry === '製造業');
      for (let i = 10 + Math.min(t, 2); i > 0; i--) record('地域外意見交換', null, r.pick(makers), dayIn(fy));
    }
    // 施策8: digital adoption, with the profit it created (千円).
    if (fy > DEMO_FIRST_YEAR) for (let i = 4; i > 0; i--) record('デジタル導入', null, member(), dayIn(fy), { amount: r.around(560, 150) });
    // 施策9: new trades inside the region, a few repeat traders; one business model in FY2025.
    if (fy > DEMO_FIRST_YEAR) for (let i = 7; i > 0; i--) record('地域内取引成立', null, anyone(), dayIn(fy));
    if (fy === 2025) record('ビジネスモデル創出', null, null, dayIn(fy), { note: '道の駅と連携した地域産品の定期便' });
    // 施策10: consumption campaigns (counted up to 1月末) and community business events.
    for (const b of living.filter((x) => COMMERCE.includes(x.industry))) {
      if (r.chance(0.525 + 0.004 * t)) record('消費喚起事業参画', null, b, dayIn(fy, asOf(fy, '01-末')));
      else if (r.chance(0.05)) record('消費喚起事業参画', null, b, lateDay(fy)); // joined in February or March: not counted
    }
    const community = [
      ['出前商店街（象潟）', 0.33],
      ['出前商店街（金浦）', 0.28],
      ['にかほ軽トラ市', 0.39],
    ] as const;
    const visitorsTotal = r.around(540 + 25 * t, 20);
    community.forEach(([name, share], i) => {
      const date = dayIn(fy);
      if (date)
        out.events.push({
          externalId: `E${fy}-C${i + 1}`,
          date,
          name,
          category: 'コミュニティビジネス',
          visitors: Math.round(visitorsTotal * share),
          participantCodes: pickMany(
            r,
            living.filter((b) => COMMERCE.includes(b.industry)),
            8,
          ).map((b) => b.code),
        });
    });
    [
      ['創業塾', '創業塾', 12],
      ['事業計画策定セミナー', 'セミナー', 25],
      ['BCPセミナー', 'セミナー', 18],
      ['県外展示商談会', '商談会', 6],
    ].forEach(([name, category, size], i) => {
      const date = dayIn(fy);
      if (date)
        out.events.push({
          externalId: `E${fy}-O${i + 1}`,
          date,
          name: String(name),
          category: String(category),
          visitors: Number(size),
          participantCodes: pickMany(r, members, Number(size)).map((b) => b.code),
        });
    });

    // 共済: about 25 % of members in 貯蓄共済 and 21 % in 福祉共済 (45 % in the baseline year).
    if (fy === DEMO_FIRST_YEAR) {
      for (const b of members) {
        if (r.chance(0.25))
          out.mutualAid.push({
            externalId: `K${out.mutualAid.length + 1}`,
            businessCode: b.code,
            type: '貯蓄共済',
            joinedOn: later(b.memberships[0]?.joinedOn ?? april, '2000-04-01'),
            leftOn: null,
          });
        if (r.chance(0.2))
          out.mutualAid.push({
            externalId: `K${out.mutualAid.length + 1}`,
            businessCode: b.code,
            type: '福祉共済',
            joinedOn: later(b.memberships[0]?.joinedOn ?? april, '2005-04-01'),
            leftOn: null,
          });
      }
    } else {
      for (const s of out.mutualAid) if (s.leftOn === null && r.chance(0.04)) s.leftOn = dayIn(fy) ?? null;
      for (let i = r.around(22, 4); i > 0; i--) {
        const joinedOn = dayIn(fy);
        if (joinedOn)
          out.mutualAid.push({
            externalId: `K${out.mutualAid.length + 1}`,
            businessCode: member().code,
            type: r.chance(0.55) ? '貯蓄共済' : '福祉共済',
            joinedOn,
            leftOn: null,
          });
      }
    }

    // Finances are entered once the fiscal year is closed.
    if (fiscalYearBounds(fy).end < today) {
      const fees = Math.round(members.length * 26.1);
      const commissions = r.around(12_900 + 150 * t, 200);
      const income = Math.round((fees + commissions) / (0.312 + 0.002 * t + (r.next() - 0.5) * 0.004));
      out.finances.push(
        { fiscalYear: fy, item: '会費', amount: fees },
        { fiscalYear: fy, item: '手数料', amount: commissions },
        { fiscalYear: fy, item: '経常収入', amount: income },
      );
    }
  }
  return out;
}

function later(a: IsoDate, b: IsoDate): IsoDate {
  return a > b ? a : b;
}

function pickMany<T>(r: Random, items: readonly T[], count: number): T[] {
  const chosen = new Set<T>();
  for (let i = 0; i < count * 3 && chosen.size < Math.min(count, items.length); i++) chosen.add(r.pick(items));
  return [...chosen];
}
