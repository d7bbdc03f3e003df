// Mantine's styles of the components used only (the whole set is 300 KB; these about 130 KB):
// fewer rules to match on every render. Shared parts first, as Mantine's own order has them.
import '@mantine/core/styles/baseline.css';
import '@mantine/core/styles/default-css-variables.css';
import '@mantine/core/styles/global.css';
import '@mantine/core/styles/UnstyledButton.css';
import '@mantine/core/styles/VisuallyHidden.css';
import '@mantine/core/styles/Paper.css';
import '@mantine/core/styles/Popover.css';
import '@mantine/core/styles/CloseButton.css';
import '@mantine/core/styles/Group.css';
import '@mantine/core/styles/Loader.css';
import '@mantine/core/styles/Overlay.css';
import '@mantine/core/styles/ModalBase.css';
import '@mantine/core/styles/Input.css';
import '@mantine/core/styles/InlineInput.css';
import '@mantine/core/styles/Flex.css';
import '@mantine/core/styles/ScrollArea.css';
import '@mantine/core/styles/ActionIcon.css';
import '@mantine/core/styles/Combobox.css';
import '@mantine/core/styles/AppShell.css';
import '@mantine/core/styles/Alert.css';
import '@mantine/core/styles/Anchor.css';
import '@mantine/core/styles/Badge.css';
import '@mantine/core/styles/Breadcrumbs.css';
import '@mantine/core/styles/Burger.css';
import '@mantine/core/styles/Button.css';
import '@mantine/core/styles/Center.css';
import '@mantine/core/styles/Code.css';
import '@mantine/core/styles/List.css';
import '@mantine/core/styles/Menu.css';
import '@mantine/core/styles/Modal.css';
import '@mantine/core/styles/NavLink.css';
import '@mantine/core/styles/NumberInput.css';
import '@mantine/core/styles/PasswordInput.css';
import '@mantine/core/styles/FloatingIndicator.css';
import '@mantine/core/styles/SegmentedControl.css';
import '@mantine/core/styles/SimpleGrid.css';
import '@mantine/core/styles/Stack.css';
import '@mantine/core/styles/Switch.css';
import '@mantine/core/styles/Table.css';
import '@mantine/core/styles/Text.css';
import '@mantine/core/styles/Title.css';
import './app.css';
import './print.css';
import { createTheme, MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { lateRoadmapQuery, planQuery, progressQuery, roadmapQuery, sessionQuery, shouldRetry } from './api.js';
import { loadEcharts } from './charts/Chart.js';
import { router } from './router.js';

const JAPANESE_FONTS = '"IPAGothic", "Noto Sans JP", "Hiragino Sans", "Hiragino Kaku Gothic ProN", "Yu Gothic", "Meiryo", sans-serif';

const theme = createTheme({
  fontFamily: JAPANESE_FONTS,
  headings: { fontFamily: JAPANESE_FONTS },
  primaryColor: 'teal',
  defaultRadius: 'sm',
});

const queryClient = new QueryClient({
  defaultOptions: {
    queries: { staleTime: 5 * 60_000, refetchOnWindowFocus: false, retry: shouldRetry },
  },
});

// A page opened by its address asks for its data now (the session first, then the page's), rather than one
// request after another as the components mount (the dashboard: plan, progress and the late 工程表 entries; a measure
// page: the 工程表's progress and ECharts too).
if (!/^\/(login|setup)\/?$/.test(window.location.pathname)) void queryClient.prefetchQuery(sessionQuery);
const opened = /^\/c\/([^/]+)(?:\/(measures\/\d+))?\/?$/.exec(window.location.pathname);
if (opened?.[1]) {
  const chamber = decodeURIComponent(opened[1]);
  const year = new URLSearchParams(window.location.search).get('year');
  void queryClient.prefetchQuery(planQuery(chamber));
  void queryClient.prefetchQuery(progressQuery(chamber, opened[2] || !year ? undefined : Number(year)));
  if (opened[2]) {
    void queryClient.prefetchQuery(roadmapQuery(chamber));
    void loadEcharts();
  } else void queryClient.prefetchQuery(lateRoadmapQuery(chamber, year ? Number(year) : undefined));
}

const container = document.getElementById('root');
if (!container) throw new Error('#root is missing from index.html');

createRoot(container).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="light">
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
