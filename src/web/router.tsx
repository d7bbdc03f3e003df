/**
 * Routes:
 *   /login, /setup                 sign-in; the first administrator (first start only)
 *   /account                       my account and password
 *   /c/:chamber/members            the chamber's accounts (管理者)
 *   /c/:chamber/audit              the chamber's audit trail (管理者)
 *   /                              the single chamber's 進捗 dashboard (or the list of chambers)
 *   /c/:chamber                    a chamber's 進捗 dashboard
 *   /c/:chamber/overview           the plan overview
 *   /c/:chamber/roadmap            工程表の進み具合: the whole plan's 工程表, plan against reality (?year=&state=)
 *   /c/:chamber/owners             KPI owners and the data still to enter
 *   /c/:chamber/support            support records: keyboard entry, list, change, delete
 *   /c/:chamber/yearly             年度の数値: statistics and finances by fiscal year
 *   /c/:chamber/events             events with 来場者数 and participants: entry, list, change, delete
 *   /c/:chamber/mutual-aid         共済 subscriptions: entry, list (who holds one on a day), change, delete
 *   /c/:chamber/import             CSV import: check first (nothing written), then import, with progress
 *   /c/:chamber/businesses         事業者 and their membership periods: search, list, add, change, delete
 *   /c/:chamber/rating-bands       the chamber's 評価の段階 (管理者)
 *   /c/:chamber/evaluations        年度の評価: every measure's 評価シート state and 総合評価, the 総評 (?year=2024)
 *   /c/:chamber/evaluations/:fiscalYear/summary    総括表（様式1）, A4 landscape print page
 *   /c/:chamber/evaluations/:fiscalYear/:measure   評価シート（様式2） of a measure
 *   /c/:chamber/annual-plans       事業計画（次年度）: the year's 事業計画 per measure, drafted from the PDCA (?year=2027)
 *   /c/:chamber/measures/:number   a measure
 *   /c/:chamber/kpis/:code/:fiscalYear   a KPI's actual for a fiscal year (2024) and the records behind it
 * Anything else is a 404 page. Every page but /login and /setup needs a session: without
 * one, the first start goes to /setup, any other to /login?next=….
 *
 * The dashboard (the page most opened) is in the main bundle; the other pages of a chamber
 * are loaded when first opened, so that the dashboard's JavaScript stays small.
 */
import { lazy, type ReactNode, Suspense } from 'react';
import { createBrowserRouter, Navigate, Outlet, ScrollRestoration, useLocation, useParams, useRouteError } from 'react-router';
import { useChambers, usePlan, useSession, useSetupStatus } from './api.js';
import { Layout } from './components/Layout.js';
import { ErrorAlert, PageLoader } from './components/Status.js';
import { LoginPage } from './pages/account/LoginPage.js';
import { SetupPage } from './pages/account/SetupPage.js';
import { ChamberListPage } from './pages/ChamberListPage.js';
import { DashboardPage } from './pages/DashboardPage.js';
import { NotFoundPage } from './pages/NotFoundPage.js';
import { PlanContext } from './plan-context.js';

const page = <K extends string>(load: () => Promise<Record<K, () => ReactNode>>, name: K) =>
  lazy(async () => ({ default: (await load())[name] }));
const AccountPage = page(() => import('./pages/account/AccountPage.js'), 'AccountPage');
const BusinessesPage = page(() => import('./pages/records/BusinessesPage.js'), 'BusinessesPage');
const AuditPage = page(() => import('./pages/account/AuditPage.js'), 'AuditPage');
const MembersPage = page(() => import('./pages/account/MembersPage.js'), 'MembersPage');
const KpiRecordsPage = page(() => import('./pages/KpiRecordsPage.js'), 'KpiRecordsPage');
const MeasurePage = page(() => import('./pages/MeasurePage.js'), 'MeasurePage');
const OverviewPage = page(() => import('./pages/OverviewPage.js'), 'OverviewPage');
const OwnersPage = page(() => import('./pages/OwnersPage.js'), 'OwnersPage');
const RoadmapPage = page(() => import('./pages/RoadmapPage.js'), 'RoadmapPage');
const RatingBandsPage = page(() => import('./pages/RatingBandsPage.js'), 'RatingBandsPage');
const ImportPage = page(() => import('./pages/records/ImportPage.js'), 'ImportPage');
const YearlyFiguresPage = page(() => import('./pages/records/YearlyFiguresPage.js'), 'YearlyFiguresPage');
const SupportRecordsPage = page(() => import('./pages/records/SupportRecordsPage.js'), 'SupportRecordsPage');
const EventsPage = page(() => import('./pages/records/EventsPage.js'), 'EventsPage');
const EvaluationsPage = page(() => import('./pages/evaluation/EvaluationsPage.js'), 'EvaluationsPage');
const EvaluationSheetPage = page(() => import('./pages/evaluation/EvaluationSheetPage.js'), 'EvaluationSheetPage');
const EvaluationSummaryPage = page(() => import('./pages/evaluation/EvaluationSummaryPage.js'), 'EvaluationSummaryPage');
const AnnualPlanPage = page(() => import('./pages/AnnualPlanPage.js'), 'AnnualPlanPage');
const MutualAidPage = page(() => import('./pages/records/MutualAidPage.js'), 'MutualAidPage');

/** Loads a chamber's plan, shows the shell with its navigation, and provides it to the page. */
function PlanShell({ chamber, children }: { chamber: string; children: ReactNode }) {
  const query = usePlan(chamber);
  return (
    <Layout plan={query.data}>
      {query.isPending ? (
        <PageLoader />
      ) : query.isError ? (
        <ErrorAlert error={query.error} title="計画を読み込めませんでした" />
      ) : (
        <PlanContext value={query.data}>
          <Suspense fallback={<PageLoader />}>{children}</Suspense>
        </PlanContext>
      )}
    </Layout>
  );
}

function ChamberRoute() {
  const { chamber = '' } = useParams();
  return (
    <PlanShell chamber={chamber}>
      <Outlet />
    </PlanShell>
  );
}

function HomeRoute() {
  const query = useChambers();
  if (query.isPending) {
    return (
      <Layout>
        <PageLoader />
      </Layout>
    );
  }
  if (query.isError) {
    return (
      <Layout>
        <ErrorAlert error={query.error} title="商工会の一覧を読み込めませんでした" />
      </Layout>
    );
  }
  const [only, ...others] = query.data.chambers;
  if (only && others.length === 0) {
    return (
      <PlanShell chamber={only.code}>
        <DashboardPage />
      </PlanShell>
    );
  }
  return (
    <Layout>
      <ChamberListPage chambers={query.data.chambers} />
    </Layout>
  );
}

function RouteError() {
  const error = useRouteError();
  return (
    <Layout>
      <ErrorAlert error={error instanceof Error ? error : new Error(String(error))} title="画面を表示できませんでした" />
    </Layout>
  );
}

/** The pages behind a sign-in: without a session, to /setup (first start) or /login. */
function SignedIn() {
  const session = useSession();
  const signedOut = session.isSuccess && session.data === null;
  const setup = useSetupStatus(signedOut);
  const { pathname, search } = useLocation();
  if (session.isPending || (signedOut && setup.isPending)) {
    return (
      <Layout>
        <PageLoader />
      </Layout>
    );
  }
  if (session.isError) {
    return (
      <Layout>
        <ErrorAlert error={session.error} title="サーバーに接続できませんでした" />
      </Layout>
    );
  }
  if (signedOut) {
    if (setup.data?.needed) return <Navigate to="/setup" replace />;
    const next = pathname === '/' ? '' : `?next=${encodeURIComponent(pathname + search)}`;
    return <Navigate to={`/login${next}`} replace />;
  }
  return <Outlet />;
}

/** Every page starts at the top (and Back returns to where it was). */
function Root() {
  return (
    <>
      <ScrollRestoration />
      <Outlet />
    </>
  );
}

export const router = createBrowserRouter([
  {
    element: <Root />,
    errorElement: <RouteError />,
    children: [
      { path: '/login', element: <LoginPage /> },
      { path: '/setup', element: <SetupPage /> },
      {
        element: <SignedIn />,
        children: [
          { path: '/', element: <HomeRoute /> },
          {
            path: '/account',
            element: (
              <Layout>
                <Suspense fallback={<PageLoader />}>
                  <AccountPage />
                </Suspense>
              </Layout>
            ),
          },
          {
            path: '/c/:chamber',
            element: <ChamberRoute />,
            children: [
              { index: true, element: <DashboardPage /> },
              { path: 'overview', element: <OverviewPage /> },
              { path: 'evaluations', element: <EvaluationsPage /> },
              { path: 'evaluations/:fiscalYear/summary', element: <EvaluationSummaryPage /> },
              { path: 'evaluations/:fiscalYear/:measure', element: <EvaluationSheetPage /> },
              { path: 'annual-plans', element: <AnnualPlanPage /> },
              { path: 'roadmap', element: <RoadmapPage /> },
              { path: 'measures/:number', element: <MeasurePage /> },
              { path: 'kpis/:code/:fiscalYear', element: <KpiRecordsPage /> },
              { path: 'owners', element: <OwnersPage /> },
              { path: 'support', element: <SupportRecordsPage /> },
              { path: 'events', element: <EventsPage /> },
              { path: 'mutual-aid', element: <MutualAidPage /> },
              { path: 'import', element: <ImportPage /> },
              { path: 'yearly', element: <YearlyFiguresPage /> },
              { path: 'businesses', element: <BusinessesPage /> },
              { path: 'rating-bands', element: <RatingBandsPage /> },
              { path: 'members', element: <MembersPage /> },
              { path: 'audit', element: <AuditPage /> },
              { path: '*', element: <NotFoundPage /> },
            ],
          },
          {
            path: '*',
            element: (
              <Layout>
                <NotFoundPage />
              </Layout>
            ),
          },
        ],
      },
    ],
  },
]);
