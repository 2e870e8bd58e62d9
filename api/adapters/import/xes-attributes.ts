import type { AttributeKind } from '../../engine/log/columns.ts';
import { EXPECTED_INSTANT, parseIsoInstant } from '../../engine/log/instants.ts';

/**
 * The column kind of an IEEE 1849 (XES) attribute element, or undefined when the element is no
 * attribute. `list` and `container` carry no value of their own, only child attributes.
 * A switch, not a Map: it runs per element, and comparing with constants skips hashing.
 */
export function xesAttributeKind(element: string): AttributeKind | undefined {
  switch (element) {
    case 'string':
    case 'id':
    case 'list':
    case 'container':
      return 'string';
    case 'date':
      return 'time';
    case 'int':
    case 'float':
      return 'number';
    case 'boolean':
      return 'boolean';
    default:
      return undefined;
  }
}

export function hasOwnValue(element: string): boolean {
  return element !== 'list' && element !== 'container';
}

// xs:long and xs:double lexical forms; Number() alone would also take "", " 1 ", "0x10", "Infinity".
const INT = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * The typed value of an attribute element's `value` text, or undefined when the text is not of
 * the element's type. Dates are epoch milliseconds, honouring their UTC offset.
 */
export function parseXesValue(element: string, text: string): string | number | boolean | undefined {
  switch (element) {
    case 'date': {
      const t = parseIsoInstant(text);
      return Number.isNaN(t) ? undefined : t;
    }
    // xs:double also spells INF, -INF and NaN, and 1e400 overflows to Infinity: none is an
    // amount, and one in a column turns every sum over it into Infinity or NaN.
    case 'int':
      return INT.test(text) ? finite(Number(text)) : undefined;
    case 'float':
      return FLOAT.test(text) ? finite(Number(text)) : undefined;
    case 'boolean':
      if (text === 'true' || text === '1') return true;
      return text === 'false' || text === '0' ? false : undefined;
    default:
      return text;
  }
}

/** What a valid value of the element looks like, for error messages. */
export function expectedXesValue(element: string): string {
  switch (element) {
    case 'date':
      return EXPECTED_INSTANT;
    case 'int':
      return 'a whole number such as 42 or -7';
    case 'float':
      return 'a finite number such as 5400.50, 1e3 or -0.25 (not NaN or INF)';
    case 'boolean':
      return 'true or false';
    default:
      return 'a text value';
  }
}

function finite(value: number): number | undefined {
  return Number.isFinite(value) ? value : undefined;
}
