import { SaxesParser, type SaxesTagPlain } from 'saxes';
import type { LogBuilder } from '../../engine/log/builder.ts';
import type { AttributeKind } from '../../engine/log/columns.ts';
import { ImportError, type ImportErrorDetails } from './import-error.ts';
import { own, Slots } from './kept-strings.ts';
import { CellBudget, DEFAULT_LIMITS, type ImportLimits } from './limits.ts';
import { EXPECTED_INSTANT, parseIsoInstant } from '../../engine/log/instants.ts';
import { expectedXesValue, hasOwnValue, parseXesValue, xesAttributeKind } from './xes-attributes.ts';

/** The XES keys that carry the case id (on a trace), the activity and the time (on an event). */
export interface XesKeys {
  readonly case: string;
  readonly activity: string;
  readonly time: string;
  /** XES key -> attribute name, for the other attributes (ImportOptions.mapping.columns). */
  readonly columns?: Readonly<Record<string, string>>;
}

export const EXPECTED_NO_DOCTYPE = 'an XES file without a DOCTYPE (DTDs and entities are not accepted)';
const EXPECTED_XES = 'an XES file (XML with a <log> root element)';
const DOCTYPE = '<!DOCTYPE';
/** log > trace > event > attribute > list > values > attribute … real files stay under ten. */
const MAX_DEPTH = 64;

// What each open element is; a stack of these stands in for a DOM.
const LOG = 1;
const TRACE = 2;
const EVENT = 3;
const ATTRIBUTE = 4;
const VALUES = 5;
const SKIPPED = 6;

type Value = string | number | boolean;

/** Attributes held back until their trace or event can go to the builder; arrays are reused. */
class Attributes {
  readonly keys: string[] = [];
  readonly values: Value[] = [];
  readonly kinds: AttributeKind[] = [];
  length = 0;

  push(key: string, value: Value, kind: AttributeKind): void {
    this.keys[this.length] = key;
    this.values[this.length] = value;
    this.kinds[this.length] = kind;
    this.length++;
  }

  copy(): Attributes {
    const c = new Attributes();
    for (let i = 0; i < this.length; i++) c.push(this.keys[i], this.values[i], this.kinds[i]);
    return c;
  }
}

interface PendingEvent {
  readonly activity: string;
  readonly time: number;
  readonly attributes: Attributes;
}

/**
 * Feeds XES text to a {@link LogBuilder}: one builder event per XES event (the raw log), trace
 * attributes as case attributes, nested attributes flattened to `parent.child`. Throws an
 * {@link ImportError} at the first problem.
 */
export class XesReader {
  readonly warnings: string[] = [];
  private readonly parser = new SaxesParser({ xmlns: false, position: true });
  private readonly stack: number[] = [];
  /** Flattened keys of the open attribute elements, innermost last. */
  private readonly keyPath: string[] = [];
  /** LOG, TRACE or EVENT: what an attribute met now belongs to. */
  private scope = 0;
  private sawRoot = false;
  /** The tail of the text before the root element, for a DOCTYPE split across chunks. */
  private beforeRoot = '';
  /** Length of the root's namespace prefix ("xes:"), stripped from every element name. */
  private prefixLength = 0;

  private caseId: string | undefined;
  private traceLine = 0;
  private traceColumn = 0;
  // A trace's attributes and events may precede its concept:name; they wait here until it comes.
  private readonly traceAttributes = new Attributes();
  private readonly pendingEvents: PendingEvent[] = [];

  private activity: string | undefined;
  private time = Number.NaN;
  private eventLine = 0;
  private eventColumn = 0;
  private readonly eventAttributes = new Attributes();

  private readonly warned = new Set<string>();
  private readonly keyNames = new Map<string, string>();
  private readonly keyName = (key: string): string => {
    let name = this.keyNames.get(key);
    if (name === undefined) {
      const columns = this.keys.columns;
      name = own(columns && Object.hasOwn(columns, key) ? columns[key] : key);
      // Every new key may become a column with a slot per event: a key per event is quadratic.
      this.budget.addColumn(name, this.rows(), this.chars, { line: this.parser.line });
      this.keyNames.set(own(key), name);
    }
    return name;
  };
  private readonly budget: CellBudget;
  /** Characters read so far: the input that columns must be paid for with. */
  private chars = 0;
  /** Where the last tag ended: text, comments and attribute values since then are one run. */
  private lastTagEnd = 0;
  private readonly activityCache = new Map<string, string>();
  private readonly traceSlots = new Slots(this.keyName);
  private readonly eventSlots = new Slots(this.keyName);

  constructor(
    private readonly builder: LogBuilder,
    private readonly file: string,
    private readonly keys: XesKeys,
    private readonly limits: ImportLimits = DEFAULT_LIMITS,
  ) {
    this.budget = new CellBudget(file, limits);
    this.parser.on('opentag', (tag) => {
      this.lastTagEnd = this.parser.position;
      this.open(tag);
    });
    this.parser.on('closetag', () => {
      this.lastTagEnd = this.parser.position;
      this.close();
    });
    // saxes never expands DTD entities, but a DOCTYPE has no place in XES and is how XXE and
    // billion-laughs payloads arrive: refuse it outright.
    this.parser.on('doctype', () => {
      throw this.error({ expected: EXPECTED_NO_DOCTYPE });
    });
  }

  write(text: string): void {
    this.chars += text.length;
    try {
      if (!this.sawRoot) this.refuseDoctype(text);
      this.parser.write(text);
    } catch (error) {
      throw this.xmlError(error);
    }
    // saxes buffers a text node, comment or attribute value whole; past a chunk or two it is
    // no XES value but a file built to fill memory.
    // (Not parser.position: between writes it counts the last chunk twice.)
    if (this.chars - this.lastTagEnd > this.limits.maxFieldChars) {
      throw this.error({ expected: `text, comments and attribute values of at most ${this.limits.maxFieldChars} characters between two tags; this run is longer` });
    }
  }

  /** The physical line the parser has reached. */
  get line(): number {
    return this.parser.line;
  }

  /** Every column gets a slot per row once the log is built; checked again at the end. */
  checkBudget(): void {
    this.budget.check(this.rows(), this.chars);
  }

  private rows(): number {
    return Math.max(this.builder.eventCount, this.builder.caseCount);
  }

  /**
   * saxes reports a DOCTYPE only once it has buffered all of it; a huge or unterminated one
   * must not get that far. Text is fed up to the keyword so the error names its position.
   */
  private refuseDoctype(text: string): void {
    const seen = this.beforeRoot + text;
    const at = seen.indexOf(DOCTYPE);
    if (at < 0) {
      this.beforeRoot = seen.slice(-DOCTYPE.length);
      return;
    }
    this.parser.write(text.slice(0, Math.max(0, at + DOCTYPE.length - this.beforeRoot.length)));
    throw this.error({ expected: EXPECTED_NO_DOCTYPE });
  }

  /** Ends the input: a file cut off inside an element fails here. */
  end(): void {
    try {
      this.parser.close();
    } catch (error) {
      throw this.xmlError(error);
    }
  }

  private open(tag: SaxesTagPlain): void {
    const depth = this.stack.length;
    if (depth >= MAX_DEPTH) throw this.error({ value: `<${tag.name}>`, expected: `elements nested at most ${MAX_DEPTH} deep` });
    if (depth === 0) {
      if (tag.name !== 'log' && !tag.name.endsWith(':log')) throw this.error({ value: `<${tag.name}>`, expected: EXPECTED_XES });
      this.prefixLength = tag.name.length - 3;
      this.stack.push(LOG);
      this.scope = LOG;
      this.sawRoot = true;
      return;
    }
    const parent = this.stack[depth - 1];
    if (parent === SKIPPED) {
      this.stack.push(SKIPPED);
      return;
    }
    const name = this.prefixLength === 0 ? tag.name : tag.name.slice(this.prefixLength);
    const kind = xesAttributeKind(name);
    if (kind !== undefined) {
      this.openAttribute(name, kind, tag.attributes, parent);
      return;
    }
    if (parent === ATTRIBUTE || parent === VALUES) {
      // <values> wraps the items of a <list>; they flatten under the list's key.
      if (name === 'values' && parent === ATTRIBUTE) this.stack.push(VALUES);
      else this.skip(tag.name);
      return;
    }
    switch (name) {
      case 'trace':
        if (parent !== LOG) throw this.error({ value: '<trace>', expected: 'each <trace> directly inside <log>' });
        this.openTrace();
        return;
      case 'event':
        if (parent !== TRACE) throw this.error({ value: '<event>', expected: 'each <event> inside a <trace>' });
        this.openEvent();
        return;
      case 'extension':
      case 'global':
      case 'classifier':
        // Declarations about the log, not data; a <global>'s attributes are defaults, not values.
        this.stack.push(SKIPPED);
        return;
      default:
        this.skip(tag.name);
    }
  }

  private close(): void {
    switch (this.stack.pop()) {
      case ATTRIBUTE:
        this.keyPath.pop();
        return;
      case EVENT:
        this.closeEvent();
        this.scope = TRACE;
        return;
      case TRACE:
        this.closeTrace();
        this.scope = LOG;
        return;
      default:
    }
  }

  private openAttribute(element: string, kind: AttributeKind, attributes: Record<string, string>, parent: number): void {
    const key = attributes.key;
    if (key === undefined) throw this.error({ value: `<${element}>`, expected: 'a key="..." on every XES attribute' });
    const nested = parent === ATTRIBUTE || parent === VALUES;
    const slots = parent === EVENT ? this.eventSlots : parent === TRACE ? this.traceSlots : undefined;
    const slot = slots ? slots.next++ : -1;
    const fullKey = slots ? slots.key(slot, key) : this.keyName(nested ? `${this.keyPath[this.keyPath.length - 1]}.${key}` : key);
    this.stack.push(ATTRIBUTE);
    this.keyPath.push(fullKey);
    if (nested) this.warnOnce('nested', `nested XES attributes (inside other attributes, <list> or <container>) were flattened into keys such as "${fullKey}"`);
    if (!hasOwnValue(element)) return;
    const text = attributes.value;
    if (this.scope === LOG) {
      if (!nested && key === 'LastDataUpdate' && element === 'date') this.builder.lastDataUpdate = this.instant(key, text);
      return;
    }
    if (text === undefined) throw this.error({ field: fullKey, expected: 'a value="..." on every XES attribute' });
    if (!nested) {
      if (this.scope === EVENT) {
        if (key === this.keys.activity) {
          this.activity = this.eventSlots.value(slot, text, this.activityCache);
          return;
        }
        if (key === this.keys.time) {
          this.time = this.instant(key, text);
          return;
        }
      } else if (key === this.keys.case) {
        this.setCase(this.traceSlots.value(slot, text));
        return;
      }
    }
    const parsed = parseXesValue(element, text);
    if (parsed === undefined) throw this.error({ field: fullKey, value: text, expected: expectedXesValue(element) });
    const value = typeof parsed !== 'string' ? parsed : slots ? slots.value(slot, parsed) : own(parsed);
    if (this.scope === EVENT) this.eventAttributes.push(fullKey, value, kind);
    else if (this.caseId !== undefined) this.builder.setCaseAttribute(this.caseId, fullKey, value, kind);
    else this.traceAttributes.push(fullKey, value, kind);
  }

  private instant(key: string, text: string | undefined): number {
    const t = text === undefined ? Number.NaN : parseIsoInstant(text);
    if (Number.isNaN(t)) throw this.error({ field: key, value: text, expected: EXPECTED_INSTANT });
    return t;
  }

  private openTrace(): void {
    this.stack.push(TRACE);
    this.scope = TRACE;
    this.caseId = undefined;
    this.traceLine = this.parser.line;
    this.traceColumn = this.parser.column;
    this.traceAttributes.length = 0;
    this.pendingEvents.length = 0;
    this.traceSlots.next = 0;
  }

  private setCase(caseId: string): void {
    if (this.caseId !== undefined) {
      this.warnOnce('case-twice', `a trace named "${this.caseId}" has a second ${this.keys.case}; the first one is kept`);
      return;
    }
    this.caseId = caseId;
    const a = this.traceAttributes;
    for (let i = 0; i < a.length; i++) this.builder.setCaseAttribute(this.caseId, a.keys[i], a.values[i], a.kinds[i]);
    for (const e of this.pendingEvents) this.addEvent(this.caseId, e.activity, e.time, e.attributes);
    this.traceAttributes.length = 0;
    this.pendingEvents.length = 0;
  }

  private closeTrace(): void {
    if (this.caseId === undefined) {
      throw this.error(
        { field: this.keys.case, expected: `every <trace> to have a <string key="${this.keys.case}" value="..."/> (the invoice number)` },
        this.traceLine,
        this.traceColumn,
      );
    }
    this.caseId = undefined;
  }

  private openEvent(): void {
    this.stack.push(EVENT);
    this.scope = EVENT;
    this.activity = undefined;
    this.time = Number.NaN;
    this.eventLine = this.parser.line;
    this.eventColumn = this.parser.column;
    this.eventAttributes.length = 0;
    this.eventSlots.next = 0;
  }

  private closeEvent(): void {
    if (this.activity === undefined) {
      const expected = `every <event> to have a <string key="${this.keys.activity}" value="..."/> (the activity)`;
      throw this.error({ field: this.keys.activity, expected }, this.eventLine, this.eventColumn);
    }
    if (Number.isNaN(this.time)) {
      const expected = `every <event> to have a <date key="${this.keys.time}" value="..."/> (when it happened)`;
      throw this.error({ field: this.keys.time, expected }, this.eventLine, this.eventColumn);
    }
    if (this.caseId !== undefined) this.addEvent(this.caseId, this.activity, this.time, this.eventAttributes);
    else this.pendingEvents.push({ activity: this.activity, time: this.time, attributes: this.eventAttributes.copy() });
  }

  private addEvent(caseId: string, activity: string, time: number, a: Attributes): void {
    const e = this.builder.addEvent(caseId, activity, time);
    for (let i = 0; i < a.length; i++) this.builder.eventColumn(a.keys[i], a.kinds[i]).set(e, a.values[i]);
  }

  private skip(element: string): void {
    this.stack.push(SKIPPED);
    this.warnOnce(`element:${element}`, `unknown XES element <${element}> ignored (first at line ${this.parser.line})`);
  }

  private warnOnce(topic: string, message: string): void {
    if (this.warned.has(topic)) return;
    this.warned.add(topic);
    this.warnings.push(message);
  }

  private error(details: Omit<ImportErrorDetails, 'file' | 'line' | 'column'>, line = this.parser.line, column = this.parser.column): ImportError {
    // saxes reports column 0 at the end of input, which names no character.
    return new ImportError({ file: this.file, line, column: column > 0 ? String(column) : undefined, ...details });
  }

  /** saxes reports "line:column: reason"; anything else is not a parse error and passes through. */
  private xmlError(error: unknown): unknown {
    if (!(error instanceof Error) || error instanceof ImportError) return error;
    const match = /^\d+:\d+: (.*)$/s.exec(error.message);
    if (!match) return error;
    const reason = match[1].replace(/\.$/, '');
    let expected = `well-formed XML (${reason})`;
    if (!this.sawRoot) expected = `${EXPECTED_XES}; the XML parser says: ${reason}`;
    else if (reason.startsWith('unclosed tag')) expected = `a complete XES file ending with </log> (${reason}; was the file cut off?)`;
    return this.error({ expected });
  }
}
