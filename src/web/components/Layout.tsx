/**
 * The application shell: a header (しるべ, the chamber, the plan and its period) and,
 * when a plan is loaded, a navbar with 概要 and the plan's measures. Under 900px the
 * navbar collapses behind a burger.
 */
import { AppShell, Burger, Group, NavLink, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { Link, useLocation, useMatch } from 'react-router';
import { formatFiscalYear } from '../../domain/fiscal-calendar.js';
import { strategyLabel } from '../../domain/plan/labels.js';
import { toFullWidthDigits } from '../format.js';
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

function PlanNav({ data, onNavigate }: { data: PlanExportBody; onNavigate: () => void }) {
  const { pathname } = useLocation();
  const base = `/c/${encodeURIComponent(data.chamber.code)}`;
  // A KPI's drill-down belongs to the measure of the KPI.
  const kpiCode = useMatch('/c/:chamber/kpis/:code/*')?.params.code;
  const kpiMeasure = kpiCode === undefined ? undefined : data.kpis.find((k) => k.code === kpiCode)?.measure;
  return (
    <nav className="app-nav">
      <NavLink
        component={Link}
        to={base}
        label="概要"
        description="スローガン・目指す姿・基本方針・体系表"
        active={pathname === '/' || pathname === base || pathname === `${base}/`}
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
    </nav>
  );
}
