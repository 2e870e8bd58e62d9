import { Button, MessageBar, MessageBarActions, MessageBarBody, Spinner } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import type { Translate } from '../i18n/catalogue.ts';
import type { Resource } from '../app/use-resource.ts';

/**
 * The loading and error states every view shares: a spinner the first time, the previous
 * figures (dimmed by the caller if it wants) while reloading, and the API's own message on
 * failure with a retry.
 */
export function renderResource<T>(resource: Resource<T>, t: Translate, render: (data: T) => ReactNode, label?: string): ReactNode {
  if (resource.error && !resource.loading) {
    return (
      <MessageBar intent="error" role="alert">
        <MessageBarBody>{t('app.loadError', { message: resource.error.message })}</MessageBarBody>
        <MessageBarActions>
          <Button onClick={resource.reload}>{t('app.retry')}</Button>
        </MessageBarActions>
      </MessageBar>
    );
  }
  if (resource.data === undefined) return <Spinner label={label ?? t('app.loading')} />;
  return render(resource.data);
}
