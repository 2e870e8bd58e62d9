import { makeStyles, MessageBar, MessageBarBody, MessageBarTitle, Spinner, tokens } from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import { useApp, type AppContextValue } from '../../app/app-context.ts';
import { useResource, type Resource } from '../../app/use-resource.ts';
import { ApiError } from '../../api/client.ts';
import { renderResource } from '../../ui/Loading.tsx';
import { Page } from '../../ui/Page.tsx';
import { KpiDashboard } from '../overview/KpiDashboard.tsx';
import { refreshDelay, reportConfig, type ConfiguredEmbed, type EmbedConfig } from './powerbi-model.ts';

const usePowerBiStyles = makeStyles({
  frame: { height: '72vh', minHeight: '480px', border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`, borderRadius: tokens.borderRadiusMedium, '& iframe': { border: 'none' } },
  steps: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
  muted: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
});

const EMBED_CONFIG_PATH = '/api/powerbi/embed-config';

type EmbedStatus = { readonly kind: 'loading' } | { readonly kind: 'loaded'; readonly refreshedAt: number | null } | { readonly kind: 'error'; readonly message: string };

export interface PowerBiState {
  readonly app: AppContextValue;
  readonly config: Resource<EmbedConfig>;
  readonly container: React.RefObject<HTMLDivElement | null>;
  readonly status: EmbedStatus;
}

/**
 * Embeds the executive report with powerbi-client (loaded only here): the API hands out the
 * embed URL and a token, and a new token is fetched and given to the report at refreshAt, so a
 * report left open all day keeps working.
 */
export function usePowerBiState(): PowerBiState {
  const app = useApp();
  const config = useResource(`powerbi:${app.revision}`, () => app.api.getFresh<EmbedConfig>(EMBED_CONFIG_PATH));
  const container = useRef<HTMLDivElement | null>(null);
  const [status, setStatus] = useState<EmbedStatus>({ kind: 'loading' });
  const embedded = config.data?.configured ? (config.data as ConfiguredEmbed) : null;

  useEffect(() => {
    if (!embedded || !container.current) return;
    const element = container.current;
    let disposed = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let reset: (() => void) | null = null;
    void (async () => {
      try {
        const pbi = await import('powerbi-client');
        if (disposed) return;
        const service = new pbi.service.Service(pbi.factories.hpmFactory, pbi.factories.wpmpFactory, pbi.factories.routerFactory);
        const report = service.embed(element, reportConfig(embedded, app.locale, (name) => pbi.models.TokenType[name]) as never);
        reset = () => service.reset(element);
        report.on('loaded', () => !disposed && setStatus((s) => (s.kind === 'loaded' ? s : { kind: 'loaded', refreshedAt: null })));
        report.on('error', (event) => {
          const detail = (event as { detail?: { message?: string; detailedMessage?: string } }).detail;
          if (!disposed) setStatus({ kind: 'error', message: detail?.detailedMessage ?? detail?.message ?? 'unknown error' });
        });
        const schedule = (current: ConfiguredEmbed) => {
          timer = setTimeout(async () => {
            try {
              const next = await app.api.getFresh<EmbedConfig>(EMBED_CONFIG_PATH);
              if (disposed || !next.configured) return;
              await report.setAccessToken(next.accessToken);
              setStatus({ kind: 'loaded', refreshedAt: Date.now() });
              schedule(next);
            } catch (error) {
              if (!disposed) setStatus({ kind: 'error', message: (error as Error).message });
            }
          }, refreshDelay(current, Date.now()));
        };
        schedule(embedded);
      } catch (error) {
        if (!disposed) setStatus({ kind: 'error', message: (error as Error).message });
      }
    })();
    return () => {
      disposed = true;
      clearTimeout(timer);
      reset?.();
    };
  }, [embedded, app.locale, app.api]);

  return { app, config, container, status };
}

export default function PowerBiView() {
  const state = usePowerBiState();
  const styles = usePowerBiStyles();
  return renderPowerBi(state, styles);
}

function nativeFallback(state: PowerBiState, styles: ReturnType<typeof usePowerBiStyles>, reason: string) {
  const { t } = state.app;
  return (
    <>
      <MessageBar intent="info" layout="multiline" data-testid="powerbi-not-configured">
        <MessageBarBody>
          <MessageBarTitle>{t('powerbi.notConfigured')}</MessageBarTitle>
          {t('powerbi.nativeNote')}
        </MessageBarBody>
      </MessageBar>
      <details>
        <summary>{t('powerbi.howTo')}</summary>
        <ol className={styles.steps}>
          <li>{t('powerbi.step1')}</li>
          <li>{t('powerbi.step2')}</li>
          <li>{t('powerbi.step3')}</li>
        </ol>
        <p className={styles.muted} data-user-content>
          {reason}
        </p>
      </details>
      <KpiDashboard />
    </>
  );
}

export function renderPowerBi(state: PowerBiState, styles: ReturnType<typeof usePowerBiStyles>) {
  const { t, fmt } = state.app;
  // 403: collectors may not open the report; 404: a server without Power BI support. Both get the native figures.
  const denied = state.config.error instanceof ApiError && (state.config.error.status === 403 || state.config.error.status === 404);
  return (
    <Page title={t('powerbi.title')} testId="view-powerbi">
      {denied
        ? nativeFallback(state, styles, state.config.error!.message)
        : renderResource(state.config, t, (config) =>
            !config.configured ? (
              nativeFallback(state, styles, config.reason)
            ) : (
              <>
                {state.status.kind === 'loading' && <Spinner label={t('powerbi.loading')} />}
                {state.status.kind === 'error' && (
                  <MessageBar intent="error" role="alert">
                    <MessageBarBody>{t('powerbi.error', { message: state.status.message })}</MessageBarBody>
                  </MessageBar>
                )}
                {state.status.kind === 'loaded' && state.status.refreshedAt !== null && (
                  <p className={styles.muted} role="status">
                    {t('powerbi.refreshed')} · {fmt.dateTime(state.status.refreshedAt)}
                  </p>
                )}
                <div ref={state.container} className={styles.frame} data-testid="powerbi-report" />
              </>
            ),
          )}
    </Page>
  );
}
