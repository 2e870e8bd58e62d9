import { Button, FluentProvider, makeStyles, MessageBar, MessageBarActions, MessageBarBody, Spinner, tokens } from '@fluentui/react-components';
import type { TokenProvider } from '../auth/token-provider.ts';
import { translator } from '../i18n/catalogue.ts';
import type { HostInfo } from '../teams/teams.ts';
import { AppContext } from './app-context.ts';
import { Shell } from './Shell.tsx';
import { SignIn } from './SignIn.tsx';
import { fluentTheme } from './theme.ts';
import { useAppState, type AppState } from './use-app-state.ts';

// No layout classes on FluentProvider: it copies its classes onto the portal nodes of
// popovers and listboxes, and a full-height portal would cover the page.
const useAppStyles = makeStyles({
  centre: { padding: tokens.spacingHorizontalXXL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '720px' },
});

export function App(props: { host: HostInfo; tokens: TokenProvider }) {
  const state = useAppState(props.host, props.tokens);
  const styles = useAppStyles();
  return renderApp(state, styles);
}

export function renderApp(state: AppState, styles: ReturnType<typeof useAppStyles>) {
  const t = translator(state.locale);
  const { session } = state;
  let body;
  if (session.status === 'loading') body = <Spinner className={styles.centre} label={t('app.loading')} />;
  else if (session.status === 'signin') body = <SignIn tokens={state.tokens} t={t} reason={session.reason} onSignedIn={state.reloadSession} />;
  else if (session.status === 'error')
    body = (
      <div className={styles.centre}>
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{t('app.error', { message: session.message })}</MessageBarBody>
          <MessageBarActions>
            <Button onClick={state.reloadSession}>{t('app.retry')}</Button>
          </MessageBarActions>
        </MessageBar>
      </div>
    );
  else if (!state.context)
    body = (
      <div className={styles.centre}>
        <MessageBar intent="info">
          <MessageBarBody>{t('app.noLog')}</MessageBarBody>
        </MessageBar>
      </div>
    );
  else
    body = (
      <AppContext.Provider value={state.context}>
        <Shell
          theme={state.theme}
          setTheme={state.setTheme}
          setLocale={state.setLocale}
          signedInAs={state.context.me.name ?? state.context.me.upn ?? null}
          signOut={() => {
            state.tokens.signOut();
            state.reloadSession();
          }}
        />
      </AppContext.Provider>
    );
  return (
    <FluentProvider theme={fluentTheme(state.theme)} lang={state.locale} dir="ltr">
      {body}
    </FluentProvider>
  );
}
