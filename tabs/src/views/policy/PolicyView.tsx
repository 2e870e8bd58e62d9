import {
  Button,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Select,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableRow,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { useApp, type AppContextValue } from '../../app/app-context.ts';
import { useResource, type Resource } from '../../app/use-resource.ts';
import { ApiError } from '../../api/client.ts';
import type { DunningPolicy, PolicyDocument } from '../../api/types.ts';
import type { MessageKey } from '../../i18n/en.ts';
import { ColumnHeaders } from '../../ui/ColumnHeaders.tsx';
import { renderResource } from '../../ui/Loading.tsx';
import { Page } from '../../ui/Page.tsx';
import { editableRules, parsePolicyText, policyText, samePolicy, withRuleSetting, type EditableRule, type RuleField } from './policy-model.ts';

const usePolicyStyles = makeStyles({
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  days: { width: '7em' },
  muted: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  json: { fontFamily: tokens.fontFamilyMonospace, minHeight: '320px' },
  problems: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
});

type Status =
  | { readonly kind: 'idle' }
  | { readonly kind: 'valid' }
  | { readonly kind: 'problems'; readonly problems: readonly string[] }
  | { readonly kind: 'saved'; readonly violations: number | null }
  | { readonly kind: 'error'; readonly message: string };

export interface PolicyState {
  readonly app: AppContextValue;
  readonly document: Resource<PolicyDocument>;
  readonly draft: DunningPolicy | null;
  readonly text: string;
  readonly dirty: boolean;
  readonly canEdit: boolean;
  readonly busy: boolean;
  readonly status: Status;
  setSetting(ruleId: string, field: RuleField, value: boolean | number | string): void;
  setText(text: string): void;
  validate(): Promise<boolean>;
  save(): Promise<void>;
  discard(): void;
  resetToDefault(): Promise<void>;
}

export function usePolicyState(): PolicyState {
  const app = useApp();
  const document = useResource(`policy:${app.revision}`, () => app.api.policy());
  const [draft, setDraft] = useState<DunningPolicy | null>(null);
  const [text, setTextState] = useState('');
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (document.data) {
      setDraft(document.data.policy);
      setTextState(policyText(document.data.policy));
    }
  }, [document.data]);
  const canEdit = app.me.role === 'manager' || app.me.role === 'executive';
  const parsed = parsePolicyText(text);
  const current = parsed.ok ? parsed.value : draft;
  const dirty = document.data !== undefined && !samePolicy(current, document.data.policy);

  const validate = async () => {
    if (!parsed.ok) {
      setStatus({ kind: 'problems', problems: [app.t('policy.invalidJson', { message: parsed.message })] });
      return false;
    }
    setBusy(true);
    try {
      const result = await app.api.validatePolicy(parsed.value);
      setStatus(result.ok ? { kind: 'valid' } : { kind: 'problems', problems: result.problems });
      return result.ok;
    } catch (error) {
      setStatus({ kind: 'error', message: (error as Error).message });
      return false;
    } finally {
      setBusy(false);
    }
  };

  return {
    app,
    document,
    draft,
    text,
    dirty,
    canEdit,
    busy,
    status,
    setSetting: (ruleId, field, value) => {
      const base = parsed.ok ? (parsed.value as DunningPolicy) : draft;
      if (!base) return;
      const next = withRuleSetting(base, ruleId, field, value);
      setDraft(next);
      setTextState(policyText(next));
      setStatus({ kind: 'idle' });
    },
    setText: (value) => {
      setTextState(value);
      const p = parsePolicyText(value);
      if (p.ok && p.value && typeof p.value === 'object' && Array.isArray((p.value as DunningPolicy).rules)) setDraft(p.value as DunningPolicy);
      setStatus({ kind: 'idle' });
    },
    validate,
    save: async () => {
      if (!(await validate())) return;
      setBusy(true);
      try {
        await app.api.savePolicy({ policy: (parsePolicyText(text) as { value: unknown }).value });
        app.api.invalidate();
        app.bumpRevision();
        // The figures follow the saved policy: show the new violation count of this view at once.
        const summary = await app.api.conformance(app.log.id, app.filter).catch(() => null);
        setStatus({ kind: 'saved', violations: summary?.violations ?? null });
      } catch (error) {
        setStatus(error instanceof ApiError && error.problems.length > 0 ? { kind: 'problems', problems: error.problems } : { kind: 'error', message: (error as Error).message });
      } finally {
        setBusy(false);
      }
    },
    discard: () => {
      if (!document.data) return;
      setDraft(document.data.policy);
      setTextState(policyText(document.data.policy));
      setStatus({ kind: 'idle' });
    },
    resetToDefault: async () => {
      const builtIn = await app.api.get<PolicyDocument>('/api/policy/versions/0').catch(() => null);
      if (!builtIn) return;
      setDraft(builtIn.policy);
      setTextState(policyText(builtIn.policy));
      setStatus({ kind: 'idle' });
    },
  };
}

export default function PolicyView() {
  const state = usePolicyState();
  const styles = usePolicyStyles();
  return renderPolicy(state, styles);
}

/** A rule's number of days, absent when the rule's kind has no such setting. */
function daysInput(rule: EditableRule, field: 'withinDays' | 'minDays', state: PolicyState, styles: ReturnType<typeof usePolicyStyles>) {
  const days = rule[field];
  if (days === null) return null;
  const { t } = state.app;
  return (
    <Input
      className={styles.days}
      type="number"
      min={0}
      step={1}
      disabled={!state.canEdit}
      aria-label={`${t(`policy.${field}`)}: ${rule.id}`}
      value={String(days)}
      onChange={(_, d) => d.value !== '' && state.setSetting(rule.id, field, Number(d.value))}
      data-testid={`${field}-${rule.id}`}
    />
  );
}

export function renderPolicy(state: PolicyState, styles: ReturnType<typeof usePolicyStyles>) {
  const { app, draft } = state;
  const { t, fmt } = app;
  const readOnly = !state.canEdit;
  return (
    <Page title={t('policy.title')} help={t('policy.help')} testId="view-policy">
      {readOnly && (
        <MessageBar intent="info">
          <MessageBarBody>{t('policy.readOnly')}</MessageBarBody>
        </MessageBar>
      )}
      {renderResource(state.document, t, () =>
        draft ? (
          <>
            <Table aria-label={t('policy.title')} size="small" data-testid="policy-rules">
              <ColumnHeaders columns={[{ label: t('policy.rule'), width: '40%' }, t('policy.enabled'), t('policy.withinDays'), t('policy.minDays'), t('policy.dayType')]} />
              <TableBody>
                {editableRules(draft).map((rule) => (
                  <TableRow key={rule.id} data-rule={rule.id}>
                    <TableCell>
                      <div data-user-content>{rule.description ?? rule.id}</div>
                      <div className={styles.muted}>
                        {rule.id} · {t(`policy.kind.${rule.kind}` as MessageKey)}
                        {rule.overrides > 0 ? ` · ${t('policy.overrides', { count: rule.overrides })}` : ''}
                      </div>
                    </TableCell>
                    <TableCell>
                      <Switch
                        checked={rule.enabled}
                        disabled={readOnly}
                        aria-label={`${t('policy.enabled')}: ${rule.id}`}
                        onChange={(_, d) => state.setSetting(rule.id, 'enabled', d.checked)}
                        data-testid={`enabled-${rule.id}`}
                      />
                    </TableCell>
                    <TableCell>{daysInput(rule, 'withinDays', state, styles)}</TableCell>
                    <TableCell>{daysInput(rule, 'minDays', state, styles)}</TableCell>
                    <TableCell>
                      {rule.dayType !== null && (
                        <Select
                          disabled={readOnly}
                          aria-label={`${t('policy.dayType')}: ${rule.id}`}
                          value={rule.dayType}
                          onChange={(_, d) => state.setSetting(rule.id, 'dayType', d.value)}
                        >
                          <option value="calendar">{t('policy.dayType.calendar')}</option>
                          <option value="business">{t('policy.dayType.business')}</option>
                        </Select>
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            <Field label={t('policy.json')}>
              <Textarea data-user-content className={styles.json} value={state.text} readOnly={readOnly} onChange={(_, d) => state.setText(d.value)} resize="vertical" spellCheck={false} />
            </Field>
            {state.status.kind === 'valid' && (
              <MessageBar intent="success">
                <MessageBarBody>{t('policy.valid')}</MessageBarBody>
              </MessageBar>
            )}
            {state.status.kind === 'saved' && (
              <MessageBar intent="success" data-testid="policy-saved">
                <MessageBarBody>
                  {t('policy.saved')}
                  {state.status.violations !== null && ` ${t('policy.violationsNow', { count: fmt.integer(state.status.violations) })}`}
                </MessageBarBody>
              </MessageBar>
            )}
            {state.status.kind === 'problems' && (
              <MessageBar intent="error" role="alert" layout="multiline">
                <MessageBarBody>
                  <MessageBarTitle>{t('policy.problems', { count: state.status.problems.length })}</MessageBarTitle>
                  <ul className={styles.problems}>
                    {state.status.problems.map((p) => (
                      <li key={p} data-user-content>
                        {p}
                      </li>
                    ))}
                  </ul>
                </MessageBarBody>
              </MessageBar>
            )}
            {state.status.kind === 'error' && (
              <MessageBar intent="error" role="alert">
                <MessageBarBody>{t('app.error', { message: state.status.message })}</MessageBarBody>
              </MessageBar>
            )}
            {!readOnly && (
              <div className={styles.actions}>
                <Button disabled={state.busy} onClick={() => void state.validate()}>
                  {t('policy.validate')}
                </Button>
                <Button appearance="primary" disabled={state.busy || !state.dirty} onClick={() => void state.save()} data-testid="policy-save">
                  {t('policy.save')}
                </Button>
                <Button disabled={state.busy || !state.dirty} onClick={state.discard}>
                  {t('policy.discard')}
                </Button>
                <Button appearance="subtle" disabled={state.busy} onClick={() => void state.resetToDefault()}>
                  {t('policy.reset')}
                </Button>
                {state.dirty && <span className={styles.muted}>{t('policy.unsaved')}</span>}
              </div>
            )}
            {state.document.data && (
              <p className={styles.muted}>
                v{state.document.data.version.version}
                {state.document.data.version.author ? ` · ${state.document.data.version.author}` : ''}
                {state.document.data.version.createdAt ? ` · ${fmt.dateTime(Date.parse(state.document.data.version.createdAt))}` : ''}
              </p>
            )}
          </>
        ) : null,
      )}
    </Page>
  );
}
