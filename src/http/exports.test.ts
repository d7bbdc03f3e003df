/**
 * GET /chambers/:chamber/exports/:kind.csv through the real HTTP API, on both databases: the
 * headers a browser needs (type with charset, a Japanese file name), the two encodings, and a
 * download that, posted back to the import, adds and changes nothing.
 */
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createAccount, signInTo } from '../test/accounts.js';
import { type TestDb, testBackends } from '../test/databases.js';
import { importPlan } from '../usecases/import-plan.js';
import { buildServer } from './server.js';

const NIKAHO = readFileSync(new URL('../../plans/nikaho-2022.yaml', import.meta.url), 'utf8');
const clock = { today: () => '2024-06-01', now: () => '2024-06-01T00:00:00.000Z' };

describe.each(await testBackends())('CSV export over HTTP on $name', (backend) => {
  let db: TestDb;
  let app: FastifyInstance;
  let headers: Record<string, string>;
  const post = (kind: string, body: string | Buffer) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/chambers/nikaho/imports/${kind}`,
      headers: { ...headers, 'content-type': 'text/csv' },
      payload: body,
    });
  const get = (path: string) => app.inject({ url: `/api/v1/chambers/nikaho/exports/${path}`, headers });

  beforeAll(async () => {
    db = await backend.create();
    await importPlan({ db: db.kysely, source: NIKAHO, fileName: 'plans/nikaho-2022.yaml', now: clock.now() });
    app = await buildServer({ db, clock });
    await createAccount(db.kysely, { login: 'staff', roles: { nikaho: 'staff' } });
    ({ headers } = await signInTo(app, 'staff'));
    expect((await post('businesses', '事業者コード,事業者名,入会日\nA1,㈱髙橋製作所,2020/4/1\nA2,=cmd,\n')).statusCode).toBe(200);
    const support = '日付,事業者コード,種別,金額（千円）,備考\n2024/4/1,A1,課題解決,"1,500","相談, ""資金""\n2回目"\n2023/4/1,A2,創業,,\n';
    expect((await post('support', support)).json()).toMatchObject({ added: 2 });
  });
  afterAll(async () => {
    await app?.close();
    await db?.dispose();
  });

  test('UTF-8 with BOM, a Japanese file name, not cached; posted back, it adds and changes nothing', async () => {
    const res = await get('support.csv?fiscalYear=R6');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=UTF-8');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="support_FY2024.csv"; filename*=UTF-8''${encodeURIComponent('支援記録_R6年度.csv')}`,
    );
    expect(res.headers['cache-control']).toBe('no-store');
    expect([...res.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(res.rawPayload.subarray(3).toString('utf8')).toBe(
      '記録ID,日付,事業者コード,種別,区分,件数,金額（千円）,担当者,備考\r\n,2024/4/1,A1,課題解決,,1,1500,,"相談, ""資金""\n2回目"\r\n',
    );
    expect((await post('support', res.rawPayload)).json()).toMatchObject({ encoding: 'UTF-8 (BOM)', rows: 1, added: 0, changed: 0 });
  });

  test('Shift_JIS (sjis or shift_jis), by the kind or its Japanese name', async () => {
    for (const path of ['businesses.csv?encoding=sjis', `${encodeURIComponent('事業者')}.csv?encoding=shift_jis`]) {
      const res = await get(path);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=Shift_JIS');
      expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('事業者.csv')}`);
      expect(iconv.decode(res.rawPayload, 'CP932')).toBe(
        "事業者コード,事業者名,フリガナ,業種,地区,従業員数,創業日,入会日,退会日\r\nA1,㈱髙橋製作所,,,,,,2020/4/1,\r\nA2,'=cmd,,,,,,,\r\n",
      );
      expect((await post('businesses', res.rawPayload)).json()).toMatchObject({ encoding: 'Shift_JIS', added: 0, changed: 0 });
    }
  });

  test('what cannot be exported answers JSON errors', async () => {
    expect((await post('support', '日付,種別,備考\n2024/5/1,施策提案,10時〜12時\n')).statusCode).toBe(200);
    const unwritable = await get('support.csv?encoding=sjis');
    expect(unwritable.statusCode).toBe(422);
    expect(unwritable.headers['content-type']).toContain('application/json');
    expect(unwritable.json().error).toMatchObject({
      code: 'EXPORT_UNWRITABLE',
      details: [{ location: '5行目 備考', message: '「〜」（U+301C）は Shift_JIS で表せません（日付 2024/5/1）' }], // 2–3: a note of two lines
    });
    expect((await get('support.csv')).statusCode).toBe(200);

    const byYear = await get('businesses.csv?fiscalYear=R6');
    expect(byYear.statusCode).toBe(400);
    expect(byYear.json().error.message).toBe('事業者は年度で絞り込めません（年度で絞り込めるのは 統計値・支援記録・イベント・財務）');
    expect((await get('support.csv?from=2024/13/1')).json().error.details[0].message).toContain(
      '開始日（from）を日付として読めません: 2024/13/1',
    );
    expect((await get('support.csv?encoding=euc')).statusCode).toBe(400);
    expect((await get('members.csv')).json().error).toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('書き出しの種類が分かりません'),
    });
    expect((await get('support')).statusCode).toBe(404);
    const ranged = await get('support.csv?from=R6.4.1&to=2024-04-30&recordKind=課題解決');
    expect(ranged.headers['content-disposition']).toContain('filename="support_20240401-20240430.csv"');
    // The header and the one record of April 2024 (CRLF ends each; its note's line break is LF).
    expect(
      ranged.rawPayload
        .toString('utf8')
        .split('\r\n')
        .map((l) => l.slice(0, 14)),
    ).toEqual(['\ufeff記録ID,日付,事業者コー', ',2024/4/1,A1,課', '']);
  });
});
