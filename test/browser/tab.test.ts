import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeFilter } from '../../api/contracts/filter-encoding.ts';
import type { ProcessMap } from '../../api/contracts/index.ts';
import { CATALOGUES } from '../../tabs/src/i18n/catalogue.ts';
import { en } from '../../tabs/src/i18n/en.ts';
import { launchChromium, mapDrawn, requireChromium, screenshot, signedInPage, startTabServer, writeArtifact, type TabServer } from './harness.ts';

/**
 * The tab in Debian's Chromium against the real server (sample data, fresh data folder, a fresh
 * build of the tab). Screenshots go to test-artifacts/ (not committed).
 */
let server: TabServer;
let browser: Browser;
let executive: string;
const perf: Record<string, unknown> = {};

beforeAll(async () => {
  requireChromium();
  server = await startTabServer();
  browser = await launchChromium();
  executive = await server.token('Rachel Goldberg', 'executive');
  perf.bundle = server.bundle;
}, 300_000);

afterAll(async () => {
  writeArtifact('tab-performance.json', perf);
  await browser?.close();
  await server?.stop();
});

async function open(page: Page, search: string): Promise<void> {
  await page.goto(`${server.url}/${search}`);
}

/** Where the time to first map goes: the tab's marks and the network requests that matter (ms from navigation start). */
async function timeline(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const out: Record<string, number> = {};
    for (const m of performance.getEntriesByType('mark')) if (m.name.startsWith('cl:')) out[m.name.slice(3)] = Math.round(m.startTime);
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    if (nav) out.domContentLoaded = Math.round(nav.domContentLoadedEventEnd);
    for (const r of performance.getEntriesByType('resource') as PerformanceResourceTiming[]) {
      if (/\/api\/logs\/[^/]+\/map/.test(r.name)) out.mapRequest = Math.round(r.duration);
      if (r.name.includes('elk-worker')) out.elkWorkerLoaded = Math.round(r.responseEnd);
    }
    return out;
  });
}

const number = (text: string | null) => Number((text ?? '').replace(/[^\d]/g, ''));

describe('process map', () => {
  it('shows the sample\'s activities (and measures the time to first map)', async () => {
    const { page, context, errors } = await signedInPage(browser, executive);
    const started = Date.now();
    await open(page, '');
    await mapDrawn(page);
    const wallMs = Date.now() - started;
    const firstMapMs = Number(await page.evaluate(() => document.body.dataset.firstMapMs));
    perf.coldBreakdown = await timeline(page);
    // A second load: the server has the map cached, the browser the bundle.
    const again = Date.now();
    await page.reload();
    await mapDrawn(page);
    perf.timeToFirstMap = { coldMs: firstMapMs, coldWallMs: wallMs, warmMs: Number(await page.evaluate(() => document.body.dataset.firstMapMs)), warmWallMs: Date.now() - again };
    perf.warmBreakdown = await timeline(page);
    console.log('time to first map', perf.timeToFirstMap, perf.warmBreakdown);

    const drawn = await page.$$eval('[data-node]', (els) => els.map((e) => e.getAttribute('data-node')!));
    const map = await server.api<ProcessMap>(`/api/logs/${server.logId}/map`, executive);
    expect(map.nodes.length).toBeGreaterThanOrEqual(15);
    expect(drawn.filter((n) => n !== 'start' && n !== 'end').sort()).toEqual(map.nodes.map((n) => n.name).sort());
    expect(drawn).toContain('start');
    expect(drawn).toContain('end');
    // Derived events are drawn dashed, recorded ones not.
    const derived = await page.$$eval('[data-node][data-derived="true"]', (els) => els.map((e) => e.getAttribute('data-node')));
    expect(derived.sort()).toEqual(['Invoice Settled', 'Payment Due Date Passed', 'Promise to Pay Broken']);
    expect(await page.locator('[data-edge][data-dashed="true"]').count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator('[data-testid="map-legend"]').isVisible()).toBe(true);

    // Hover details and click → the cases behind an activity.
    const node = page.locator('[data-node="Dispute Registered"]');
    await node.hover();
    await expect.poll(() => page.locator('[data-testid="map-details"]').textContent()).toContain('Dispute Registered');
    await screenshot(page, 'map-light-hover');
    await node.click();
    await page.waitForSelector('[data-testid="selection-panel"] li');
    expect(page.url()).toContain('select=');
    await screenshot(page, 'map-light-selected');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('moving the path slider changes the number of edges drawn', async () => {
    const { page, context } = await signedInPage(browser, executive);
    await open(page, '?paths=30');
    await mapDrawn(page);
    const at30 = await page.locator('[data-edge]').count();
    await page.locator('#slider-paths').focus();
    await page.keyboard.press('End');
    await expect.poll(() => page.locator('[data-edge]').count(), { timeout: 30_000 }).toBeGreaterThan(at30);
    const at100 = await page.locator('[data-edge]').count();
    expect(page.url()).toContain('paths=100');
    await screenshot(page, 'map-paths-100');
    await page.keyboard.press('Home');
    await expect.poll(() => page.locator('[data-edge]').count(), { timeout: 30_000 }).toBeLessThan(at30);
    expect(await page.locator('[data-node]').count()).toBeGreaterThan(15);
    await screenshot(page, 'map-paths-0');
    // Performance mode sizes edges by waiting time and labels them with durations.
    await page.locator('[data-testid="mode-performance"]').check();
    await expect.poll(() => page.locator('[data-testid="map-legend"]').textContent()).toMatch(/\d d\)/);
    await screenshot(page, 'map-performance');
    perf.edges = { at0: await page.locator('[data-edge]').count(), at30, at100 };
    await context.close();
  });

  it('can be used with the keyboard: one tab stop, arrows between activities, Enter lists the cases', async () => {
    const { page, context } = await signedInPage(browser, executive);
    await open(page, '');
    await mapDrawn(page);
    await page.locator('[data-testid="process-map"]').focus();
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => document.activeElement?.getAttribute('data-node'));
    // The tab stop is the leftmost activity: the map is read left to right.
    const xs: Record<string, number> = await page.$$eval('[data-node][data-focus-id]', (els) => Object.fromEntries(els.map((e) => [e.getAttribute('data-node')!, e.getBoundingClientRect().x])));
    expect(first).toBeTruthy();
    expect(xs[first!]).toBe(Math.min(...Object.values(xs)));
    await page.keyboard.press('ArrowRight');
    const second = await page.evaluate(() => document.activeElement?.getAttribute('data-node'));
    expect(second).not.toBe(first);
    expect(second).toBeTruthy();
    await expect.poll(() => page.locator('[data-testid="map-details"]').textContent()).toContain(second!);
    await screenshot(page, 'map-keyboard-focus');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="selection-panel"]');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-testid="selection-panel"]').count()).toBe(0);
    await context.close();
  });
});

describe('filters', () => {
  it('a filter from the panel changes the figures and lands in the URL', async () => {
    const { page, context } = await signedInPage(browser, executive);
    await open(page, '?view=overview');
    await page.waitForSelector('[data-testid="kpi-cases"]');
    const before = number(await page.locator('[data-testid="kpi-cases"]').textContent());
    expect(before).toBeGreaterThan(1000);
    await page.locator('[data-testid="open-filters"]').click();
    await page.locator('[data-testid="filter-CustomerSegment"]').click();
    // A multi-select Dropdown's list is a menu of checkbox items.
    await page.getByRole('menuitemcheckbox', { name: 'SMB' }).click();
    await page.locator('#filters-title').click();
    await page.locator('[data-testid="filter-apply"]').click();
    await expect.poll(async () => number(await page.locator('[data-testid="kpi-cases"]').textContent()), { timeout: 30_000 }).not.toBe(before);
    const after = number(await page.locator('[data-testid="kpi-cases"]').textContent());
    expect(after).toBeGreaterThan(0);
    expect(after).toBeLessThan(before);
    expect(page.url()).toContain('filter=');
    await expect.poll(() => page.locator('[data-testid="filter-chips"]').textContent()).toContain('SMB');
    await screenshot(page, 'overview-filtered', true);
    // The map follows the same filter.
    await page.locator('[data-testid="nav-map"]').click();
    await mapDrawn(page);
    const start = await page.locator('[data-edge^="__start__"]').first().getAttribute('aria-label');
    expect(start).toBeTruthy();
    await context.close();
  });

  it('a deep link opens the filtered view', async () => {
    const filter = { filters: [{ kind: 'attribute' as const, attribute: 'CompanyCode', values: ['FR01'] }] };
    const link = `?view=map&log=${encodeURIComponent(server.logId)}&filter=${encodeFilter(filter)}&paths=50`;
    const expected = await server.api<ProcessMap>(`/api/logs/${server.logId}/map?filter=${encodeFilter(filter)}`, executive);
    const created = expected.nodes.find((n) => n.name === 'Invoice Created')!;
    const { page, context } = await signedInPage(browser, executive);
    await open(page, link);
    await mapDrawn(page);
    await expect.poll(() => page.locator('[data-testid="filter-chips"]').textContent()).toContain('FR01');
    const label = await page.locator('[data-node="Invoice Created"]').getAttribute('aria-label');
    expect(label).toContain(created.events.toLocaleString('en-US'));
    expect(await page.locator('#slider-paths').getAttribute('aria-valuetext')).toBe('50 %');
    await screenshot(page, 'deep-link-fr01');
    await context.close();
  });
});

describe('themes', () => {
  const luminance = (rgb: string) => {
    const [r, g, b] = (rgb.match(/\d+/g) ?? ['255', '255', '255']).map(Number);
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  };

  it('the dark theme applies (picked in the header, and the map follows)', async () => {
    const { page, context } = await signedInPage(browser, executive);
    await open(page, '');
    await mapDrawn(page);
    const lightBackground = await page.locator('[data-theme]').evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(luminance(lightBackground)).toBeGreaterThan(0.8);
    await page.locator('[data-testid="theme-picker"]').click();
    await page.getByRole('option', { name: 'Dark' }).click();
    await expect.poll(() => page.locator('[data-theme]').getAttribute('data-theme')).toBe('dark');
    const shell = await page.locator('[data-theme]').evaluate((el) => getComputedStyle(el).backgroundColor);
    const text = await page.locator('h1').evaluate((el) => getComputedStyle(el).color);
    const canvas = await page.locator('[data-testid="process-map"]').evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(luminance(shell)).toBeLessThan(0.2);
    expect(luminance(text)).toBeGreaterThan(0.8);
    expect(luminance(canvas)).toBeLessThan(0.2);
    await mapDrawn(page);
    await screenshot(page, 'map-dark');
    // The choice is remembered for the next visit.
    await page.goto(`${server.url}/?view=overview`);
    await page.waitForSelector('[data-testid="kpi-cases"]');
    expect(await page.locator('[data-theme]').getAttribute('data-theme')).toBe('dark');
    await screenshot(page, 'overview-dark', true);
    await context.close();
  });

  it('the high-contrast theme applies from a link', async () => {
    const { page, context } = await signedInPage(browser, executive);
    await open(page, '?theme=contrast');
    await mapDrawn(page);
    expect(await page.locator('[data-theme]').getAttribute('data-theme')).toBe('contrast');
    const canvas = await page.locator('[data-testid="process-map"]').evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(luminance(canvas)).toBeLessThan(0.05);
    await screenshot(page, 'map-high-contrast');
    await context.close();
  });
});

/**
 * The fixed English text of every message whose translation differs, split at placeholders:
 * none of it may show on a page in another language. Fragments the translation itself contains
 * (product names) are left out.
 */
function englishFragments(locale: 'fr' | 'zh-CN'): string[] {
  const target = Object.values(CATALOGUES[locale]);
  const fragments = new Set<string>();
  for (const [key, english] of Object.entries(en)) {
    if (CATALOGUES[locale][key as keyof typeof en] === english) continue;
    for (const part of withoutPlaceholders(english)) {
      const text = part.trim().replace(/[.:…]+$/, '');
      if (text.length < 8 && !(text.includes(' ') && text.length >= 6)) continue;
      if (target.some((v) => v.includes(text))) continue;
      fragments.add(text);
    }
  }
  return [...fragments];
}

function withoutPlaceholders(message: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of message) {
    if (ch === '{') {
      if (depth === 0) {
        parts.push(current);
        current = '';
      }
      depth++;
    } else if (ch === '}') depth--;
    else if (depth === 0) current += ch;
  }
  parts.push(current);
  return parts;
}

/** The page's text without what comes from data or the server (marked data-user-content). */
async function uiText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const clone = document.body.cloneNode(true) as HTMLElement;
    clone.querySelectorAll('[data-user-content], script, style').forEach((e) => e.remove());
    return clone.textContent ?? '';
  });
}

async function settled(page: Page, view: string): Promise<void> {
  await page.waitForSelector(`[data-testid="view-${view}"]`, { timeout: 30_000 });
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => document.querySelectorAll('[role="progressbar"]').length === 0, undefined, { timeout: 30_000 });
}

describe('localisation', () => {
  const views = ['map', 'overview', 'variants', 'cases', 'conformance', 'policy', 'bottlenecks', 'causes', 'worklist', 'compare', 'powerbi'];

  it.each(['fr', 'zh-CN'] as const)('the %s pages render with no untranslated string', async (locale) => {
    const fragments = englishFragments(locale);
    expect(fragments.length).toBeGreaterThan(100);
    const { page, context, errors } = await signedInPage(browser, executive);
    const found: string[] = [];
    const check = async (where: string) => {
      const text = await uiText(page);
      for (const f of fragments) if (text.includes(f)) found.push(`${where}: "${f}"`);
    };
    for (const view of views) {
      await open(page, `?view=${view}&lang=${locale}`);
      await settled(page, view);
      if (view === 'map') await mapDrawn(page);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(locale);
      await check(view);
      if (view === 'map' || view === 'overview' || view === 'conformance') await screenshot(page, `${view}-${locale}`, view !== 'map');
    }
    // The filter panel, a hover card, and one invoice's timeline.
    await open(page, `?lang=${locale}`);
    await mapDrawn(page);
    await page.locator('[data-node="Invoice Created"]').hover();
    await page.waitForSelector('[data-testid="map-details"]');
    await check('map details');
    await page.locator('[data-testid="open-filters"]').click();
    await page.waitForSelector('[data-testid="filter-apply"]');
    await check('filter panel');
    await screenshot(page, `filters-${locale}`);
    const cases = await server.api<{ items: { caseId: string }[] }>(`/api/logs/${server.logId}/cases?limit=1`, executive);
    await open(page, `?view=cases&invoice=${cases.items[0].caseId}&lang=${locale}`);
    await settled(page, 'timeline');
    await check('timeline');
    expect(found).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('views', () => {
  it('picking a variant highlights its path on the map', async () => {
    const { page, context } = await signedInPage(browser, executive);
    await open(page, '?view=variants');
    await page.waitForSelector('[data-testid="variants-table"] [data-variant="0"]');
    await screenshot(page, 'variants', true);
    await page.locator('[data-testid="show-variant-1"]').click();
    await mapDrawn(page);
    await expect.poll(() => page.locator('[data-edge][data-highlighted="true"]').count()).toBeGreaterThan(2);
    expect(page.url()).toContain('variant=1');
    await screenshot(page, 'map-variant-highlight');
    await context.close();
  });

  it('lists cases and opens one invoice\'s timeline', async () => {
    const { page, context } = await signedInPage(browser, executive);
    await open(page, '?view=cases');
    await page.waitForSelector('[data-testid="cases-table"] a');
    await screenshot(page, 'cases', true);
    const invoice = (await page.locator('[data-testid="cases-table"] a').first().textContent())!;
    await page.locator('[data-testid="cases-table"] a').first().click();
    await page.waitForSelector('[data-testid="timeline"] li');
    expect(await page.locator('h2').textContent()).toContain(invoice);
    expect(page.url()).toContain(`invoice=${encodeURIComponent(invoice)}`);
    await screenshot(page, 'timeline', true);
    await context.close();
  });

  it('shows root causes with lift and the worklist by priority', async () => {
    const { page, context } = await signedInPage(browser, executive);
    await open(page, '?view=causes');
    await page.waitForSelector('[data-testid="causes-attributes"] tbody tr');
    // The sample's planted cause of write-offs (docs/SAMPLE-DATA.md) comes first.
    expect(await page.locator('[data-testid="causes-attributes"] tbody tr').first().textContent()).toContain('SMB');
    await screenshot(page, 'root-causes', true);
    await open(page, '?view=worklist');
    await page.waitForSelector('[data-testid="worklist-table"] tbody tr');
    await screenshot(page, 'worklist');
    await context.close();
  });

  it('shows bottlenecks by money at stake, compares two teams and falls back to native KPIs without Power BI', async () => {
    const { page, context } = await signedInPage(browser, executive);
    await open(page, '?view=bottlenecks');
    await page.waitForSelector('[data-testid="bottlenecks-table"] tbody tr');
    await screenshot(page, 'bottlenecks', true);
    await open(page, '?view=compare');
    await page.waitForSelector('[data-testid="compare-table"] tbody tr');
    await page.waitForSelector('[data-testid="process-map"][data-laid-out="true"]');
    await screenshot(page, 'compare', true);
    await open(page, '?view=powerbi');
    await page.waitForSelector('[data-testid="powerbi-not-configured"]');
    await page.waitForSelector('[data-testid="kpi-cases"]');
    await screenshot(page, 'powerbi-not-configured', true);
    await context.close();
  });

  it('a policy edit changes the violation count', async () => {
    const manager = await server.token('Karen Whitfield', 'manager');
    const { page, context } = await signedInPage(browser, manager);
    await open(page, '?view=conformance');
    await page.waitForSelector('[data-testid="violation-count"]');
    const before = Number(await page.locator('[data-testid="violation-count"]').getAttribute('data-value'));
    expect(before).toBeGreaterThan(0);
    await screenshot(page, 'conformance', true);
    await page.locator('[data-testid="nav-policy"]').click();
    const within = page.locator('[data-testid="withinDays-reminder-after-due"]');
    await within.waitFor();
    await within.fill('20');
    await page.locator('[data-testid="policy-save"]').click();
    await page.waitForSelector('[data-testid="policy-saved"]', { timeout: 30_000 });
    await screenshot(page, 'policy-saved', true);
    await page.locator('[data-testid="nav-conformance"]').click();
    await expect
      .poll(async () => Number(await page.locator('[data-testid="violation-count"]').getAttribute('data-value')), { timeout: 30_000 })
      .toBeLessThan(before);
    await context.close();
  });
});
