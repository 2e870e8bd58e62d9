import { useApp } from '../../app/app-context.ts';
import { Page } from '../../ui/Page.tsx';
import { KpiDashboard } from './KpiDashboard.tsx';

export default function OverviewView() {
  const { t } = useApp();
  return (
    <Page title={t('kpi.title')} testId="view-overview">
      <KpiDashboard />
    </Page>
  );
}
