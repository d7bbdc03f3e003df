/**
 * The application shell: a header (しるべ, the chamber, the plan and its period) and,
 * when a plan is loaded, a navbar with 概要 and the plan's measures. Under 900px the
 * navbar collapses behind a burger.
 */
import { AppShell, Burger, Button, Group, Menu, NavLink, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, useLocation, useMatch, useNavigate } from 'react-router';
import { formatFiscalYear } from '../../domain/fiscal-calendar.js';
import { strategyLabel } from '../../domain/plan/labels.js';
import { sendJson, useSession } from '../api.js';
import { toFullWidthDigits } from '../format.js';
import { useCan } from '../permissions.js';
import type { PlanExportBody } from '../types.js';

/** Navbar breakpoint (px): below it the navbar is a drawer opened by the burger. */
export const NAVBAR_BREAKPOINT = 900;

interface LayoutProps {
  plan?: PlanExportBody | undefined;
  children: ReactNode;
}

export function Layout({ plan, children }: LayoutProps) {
  const [opened, { toggle, close }] = useDisclosure(false);
  return (
    <AppShell
      header={{ height: 60 }}
      navbar={plan ? { width: 290, breakpoint: NAVBAR_BREAKPOINT, collapsed: { mobile: !opened } } : undefined}
      padding="lg"
    >
      <AppShell.Header className="app-header no-print">
        <Group h="100%" px="md" gap="md" wrap="nowrap">
          {plan && (
            <Burger
              opened={opened}
              onClick={toggle}
              size="sm"
              className="app-burger"
              aria-label={opened ? 'メニューを閉じる' : 'メニューを開く'}
            />
          )}
          <UnstyledButton component={Link} to="/" className="app-brand" aria-label="しるべ（トップへ）">
            しるべ
          </UnstyledButton>
          {plan && (
            <Group gap="md" wrap="nowrap" className="app-header-plan">
              <Text fw={700} className="app-header-chamber">
                {plan.chamber.name}
              </Text>
              <Text className="app-header-title" truncate>
                {plan.plan.title}
              </Text>
              <Text c="dimmed" className="app-header-period">
                {formatFiscalYear(plan.plan.period.from)}〜{formatFiscalYear(plan.plan.period.to)}
              </Text>
            </Group>
          )}
          <UserMenu />
        </Group>
      </AppShell.Header>
      {plan && (
        <AppShell.Navbar className="app-navbar no-print" aria-label="計画の目次">
          <PlanNav data={plan} onNavigate={close} />
        </AppShell.Navbar>
      )}
      <AppShell.Main className="app-main">
        <div className="app-content">{children}</div>
      </AppShell.Main>
    </AppShell>
  );
}

/** The signed-in account: its name, and a menu with the account page and ログアウト. */
function UserMenu() {
  const session = useSession().data;
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const signOut = useMutation({
    mutationFn: () => sendJson('DELETE', '/api/v1/session'),
    onSettled: async () => {
      queryClient.clear();
      navigate('/login', { replace: true });
    },
  });
  if (!session) return null;
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="subtle" className="app-user" aria-label={`アカウント: ${session.user.displayName}`}>
          {session.user.displayName}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item component={Link} to="/account">
          アカウント・パスワード変更
        </Menu.Item>
        <Menu.Item onClick={() => signOut.mutate()}>ログアウト</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

function PlanNav({ data, onNavigate }: { data: PlanExportBody; onNavigate: () => void }) {
  const { pathname } = useLocation();
  const base = `/c/${encodeURIComponent(data.chamber.code)}`;
  const canReadRecords = useCan(data.chamber.code, 'records.read');
  // A KPI's drill-down belongs to the measure of the KPI.
  const kpiCode = useMatch('/c/:chamber/kpis/:code/*')?.params.code;
  const kpiMeasure = kpiCode === undefined ? undefined : data.kpis.find((k) => k.code === kpiCode)?.measure;
  return (
    <nav className="app-nav">
      <NavLink
        component={Link}
        to={base}
        label="進捗"
        description="KPIの達成状況・年度末の見込み"
        active={pathname === '/' || pathname === base || pathname === `${base}/`}
        onClick={onNavigate}
      />
      <RecordsNav chamber={data.chamber.code} base={base} pathname={pathname} onNavigate={onNavigate} />
      {canReadRecords && (
        <NavLink
          component={Link}
          to={`${base}/owners`}
          label="担当者と未入力"
          description="KPIごとの担当者、入力待ちのデータ"
          active={pathname === `${base}/owners`}
          onClick={onNavigate}
        />
      )}
      <NavLink
        component={Link}
        to={`${base}/overview`}
        label="概要"
        description="スローガン・目指す姿・基本方針・体系表"
        active={pathname === `${base}/overview`}
        onClick={onNavigate}
      />
      <NavLink
        component={Link}
        to={`${base}/evaluations`}
        label="評価"
        description="評価シート（様式2）・総括表（様式1）"
        active={pathname.startsWith(`${base}/evaluations`)}
        onClick={onNavigate}
      />
      <NavLink
        component={Link}
        to={`${base}/annual-plans`}
        label="事業計画（次年度）"
        description="工程表・繰越・改善策から施策ごとに"
        active={pathname === `${base}/annual-plans`}
        onClick={onNavigate}
      />
      <NavLink
        component={Link}
        to={`${base}/roadmap`}
        label="工程表の進み具合"
        description="取組の年度ごとの実施状況・遅れ"
        active={pathname === `${base}/roadmap`}
        onClick={onNavigate}
      />
      {data.plan.strategies.map((s) => (
        <div key={`${s.kind}-${s.number}`} className="app-nav-group">
          <Text className="app-nav-strategy">{toFullWidthDigits(strategyLabel(s))}</Text>
          {s.measures.map((m) => {
            const to = `${base}/measures/${m.number}`;
            return (
              <NavLink
                key={m.number}
                component={Link}
                to={to}
                label={`施策${m.number}`}
                description={
                  <Text span size="xs" lineClamp={2} className="app-nav-title">
                    {m.title}
                  </Text>
                }
                active={pathname === to || kpiMeasure === m.number}
                onClick={onNavigate}
              />
            );
          })}
        </div>
      ))}
      <AdminNav chamber={data.chamber.code} base={base} pathname={pathname} onNavigate={onNavigate} />
    </nav>
  );
}

/** The record pages, in the order staff use them; 取り込み for those who may write. */
const RECORD_PAGES = [
  { path: 'support', label: '支援記録', description: '支援の入力・検索・変更', write: false },
  { path: 'businesses', label: '事業者', description: '事業者と会員期間（入会・退会）', write: false },
  { path: 'events', label: 'イベント', description: '来場者数・参加事業者', write: false },
  { path: 'mutual-aid', label: '共済', description: '貯蓄共済・福祉共済の加入と解約', write: false },
  { path: 'yearly', label: '年度の数値', description: '商工業者数・会費・経常収入など', write: false },
  { path: 'import', label: '取り込み', description: 'Excel の CSV から記録を取り込む', write: true },
] as const;

function RecordsNav({ chamber, base, pathname, onNavigate }: { chamber: string; base: string; pathname: string; onNavigate: () => void }) {
  const read = useCan(chamber, 'records.read');
  const write = useCan(chamber, 'records.write');
  if (!read) return null;
  return (
    <div className="app-nav-group">
      <Text className="app-nav-strategy">記録</Text>
      {RECORD_PAGES.filter((p) => !p.write || write).map((p) => (
        <NavLink
          key={p.path}
          component={Link}
          to={`${base}/${p.path}`}
          label={p.label}
          description={p.description}
          active={pathname === `${base}/${p.path}`}
          onClick={onNavigate}
        />
      ))}
    </div>
  );
}

/** 管理: shown only to a role that may use it (the server refuses the others regardless). */
function AdminNav({ chamber, base, pathname, onNavigate }: { chamber: string; base: string; pathname: string; onNavigate: () => void }) {
  const users = useCan(chamber, 'users.manage');
  const audit = useCan(chamber, 'audit.read');
  const settings = useCan(chamber, 'settings.manage');
  if (!users && !audit && !settings) return null;
  return (
    <div className="app-nav-group">
      <Text className="app-nav-strategy">管理</Text>
      {settings && (
        <NavLink
          component={Link}
          to={`${base}/rating-bands`}
          label="評価の段階"
          active={pathname === `${base}/rating-bands`}
          onClick={onNavigate}
        />
      )}
      {users && (
        <NavLink
          component={Link}
          to={`${base}/members`}
          label="アカウント管理"
          active={pathname === `${base}/members`}
          onClick={onNavigate}
        />
      )}
      {audit && (
        <NavLink component={Link} to={`${base}/audit`} label="監査ログ" active={pathname === `${base}/audit`} onClick={onNavigate} />
      )}
    </div>
  );
}
