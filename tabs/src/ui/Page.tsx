import { makeStyles, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';

const usePageStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalXL}`, minWidth: 0 },
  header: { display: 'flex', flexWrap: 'wrap', alignItems: 'baseline', gap: tokens.spacingHorizontalM, justifyContent: 'space-between' },
  title: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold, lineHeight: tokens.lineHeightBase500 },
  help: { margin: 0, color: tokens.colorNeutralForeground2, maxWidth: '80ch' },
});

/** A view's frame: one h2 per view (the shell owns h1), optional help text and toolbar. */
export function Page(props: { title: string; help?: string; actions?: ReactNode; children: ReactNode; testId?: string }) {
  const styles = usePageStyles();
  return (
    <section className={styles.page} aria-labelledby="view-title" data-testid={props.testId}>
      <div className={styles.header}>
        <h2 id="view-title" className={styles.title}>
          {props.title}
        </h2>
        {props.actions}
      </div>
      {props.help && <p className={styles.help}>{props.help}</p>}
      {props.children}
    </section>
  );
}
