import { DEFAULT_SEED } from '../api/sample/generator.ts';

export interface BenchOptions {
  readonly sizes: readonly number[];
  readonly seed: number;
  readonly repeat: number;
  readonly quick: boolean;
  /** Rewrite the engine section of docs/PERFORMANCE.md. */
  readonly writeDoc: boolean;
  /** A size's child is killed after this long; its partial figures are kept. */
  readonly timeoutMinutes: number;
  /**
   * Before each size, wait (up to maxWaitMinutes) until the 1-minute load average is below
   * this: on a machine shared with other jobs, a size measured during a build is not a figure.
   */
  readonly maxLoad: number | null;
  readonly maxWaitMinutes: number;
}

export const DEFAULT_SIZES = [1e4, 1e5, 1e6, 5e6, 1e7];
export const QUICK_SIZES = [1e4, 1e5];
/** The size whose XES import is measured too (the foundation issue asks for 10^6). */
export const XES_SIZE = 1e6;

export class OptionError extends Error {}

/**
 * `--sizes 1e4,1e5 --seed N --repeat N --quick --no-doc --timeout-minutes N --max-load X --max-wait-minutes N`. A quick run is a
 * smoke run: its figures would overwrite the real ones in the doc, so it leaves the doc alone
 * unless --doc is given.
 */
export function parseOptions(argv: readonly string[]): BenchOptions {
  let sizes: number[] | undefined;
  let seed = DEFAULT_SEED;
  let repeat = 5;
  let quick = false;
  let doc: boolean | undefined;
  let timeoutMinutes = 60;
  let maxLoad: number | null = null;
  let maxWaitMinutes = 20;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new OptionError(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case '--sizes':
        sizes = value().split(',').map((s) => positiveInteger(s.trim(), '--sizes'));
        break;
      case '--seed':
        seed = integer(value(), '--seed');
        break;
      case '--repeat':
        repeat = positiveInteger(value(), '--repeat');
        break;
      case '--quick':
        quick = true;
        break;
      case '--doc':
        doc = true;
        break;
      case '--no-doc':
        doc = false;
        break;
      case '--timeout-minutes':
        timeoutMinutes = positiveInteger(value(), '--timeout-minutes');
        break;
      case '--max-load': {
        const text = value();
        maxLoad = Number(text);
        if (!(maxLoad > 0)) throw new OptionError(`--max-load: "${text}" must be a positive number`);
        break;
      }
      case '--max-wait-minutes':
        maxWaitMinutes = positiveInteger(value(), '--max-wait-minutes');
        break;
      default:
        throw new OptionError(
          `unknown option ${arg}; expected --sizes, --seed, --repeat, --quick, --doc, --no-doc, --timeout-minutes, --max-load, --max-wait-minutes`,
        );
    }
  }
  return {
    sizes: sizes ?? (quick ? QUICK_SIZES : DEFAULT_SIZES),
    seed,
    repeat,
    quick,
    writeDoc: doc ?? !quick,
    timeoutMinutes,
    maxLoad,
    maxWaitMinutes,
  };
}

/** Accepts 1e6 and 5e6 as well as 1000000. */
function integer(text: string, option: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new OptionError(`${option}: "${text}" is not an integer`);
  return n;
}

function positiveInteger(text: string, option: string): number {
  const n = integer(text, option);
  if (n < 1) throw new OptionError(`${option}: "${text}" must be at least 1`);
  return n;
}
