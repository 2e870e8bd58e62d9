import { Button, Field, makeStyles, MessageBar, MessageBarBody, Textarea, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { LocalTokenProvider } from '../auth/local-token.ts';
import type { TokenProvider } from '../auth/token-provider.ts';
import type { Translate } from '../i18n/catalogue.ts';

const useSignInStyles = makeStyles({
  root: { maxWidth: '640px', margin: `${tokens.spacingVerticalXXXL} auto`, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, padding: tokens.spacingHorizontalL },
  title: { margin: 0, fontSize: tokens.fontSizeBase500 },
  code: { fontFamily: tokens.fontFamilyMonospace, backgroundColor: tokens.colorNeutralBackground3, padding: tokens.spacingHorizontalS, borderRadius: tokens.borderRadiusSmall, overflowX: 'auto' },
});

export interface SignInState {
  readonly token: string;
  setToken(value: string): void;
  submit(): void;
}

/**
 * Outside Teams someone has to say who they are. With Entra ID that is MSAL's sign-in page;
 * in local mode a development token from `npm run token` (the API has no endpoint that hands
 * tokens to anonymous browsers, on purpose).
 */
export function useSignInState(tokens: TokenProvider, onSignedIn: () => void): SignInState {
  const [token, setToken] = useState('');
  return {
    token,
    setToken,
    submit: () => {
      if (tokens.kind !== 'local' || token.trim() === '') return;
      (tokens as LocalTokenProvider).setToken(token.trim());
      onSignedIn();
    },
  };
}

export function SignIn(props: { tokens: TokenProvider; t: Translate; reason: string | null; onSignedIn(): void }) {
  const state = useSignInState(props.tokens, props.onSignedIn);
  const styles = useSignInStyles();
  const { t } = props;
  const msal = props.tokens as TokenProvider & { signIn?: () => Promise<void> };
  return (
    <main className={styles.root} data-testid="sign-in">
      <h1 className={styles.title}>{t('app.title')}</h1>
      {props.reason && (
        <MessageBar intent="warning">
          <MessageBarBody>{t('auth.failed', { message: props.reason })}</MessageBarBody>
        </MessageBar>
      )}
      {props.tokens.kind === 'msal' && msal.signIn ? (
        <Button appearance="primary" onClick={() => void msal.signIn!()}>
          {t('auth.signIn')}
        </Button>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            state.submit();
          }}
        >
          <h2 className={styles.title}>{t('auth.localTitle')}</h2>
          <p>{t('auth.localHelp')}</p>
          <pre className={styles.code}>npm run --silent token -- --user "Karen Whitfield" --role manager --team "Collections Team North America"</pre>
          <Field label={t('auth.token')}>
            <Textarea value={state.token} onChange={(_, d) => state.setToken(d.value)} resize="vertical" data-testid="token-input" />
          </Field>
          <Button type="submit" appearance="primary" disabled={state.token.trim() === ''}>
            {t('auth.signIn')}
          </Button>
        </form>
      )}
    </main>
  );
}
