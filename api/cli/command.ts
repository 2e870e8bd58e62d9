import { parseArgs, type ParseArgsConfig } from 'node:util';

/** The start and end every command shares: flags and --help, usage errors, the exit code. */

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;

const HELP = { type: 'boolean', short: 'h' } as const;

type FlagValues<O extends ParseArgsOptionsConfig> = ReturnType<typeof parseArgs<{ options: O & { help: typeof HELP } }>>['values'];

/** The flags, or the exit code when the command is done already: 0 after --help, 2 after bad flags. */
export type Flags<O extends ParseArgsOptionsConfig> = { readonly values: FlagValues<O> } | { readonly exitCode: number };

export function parseFlags<const O extends ParseArgsOptionsConfig>(options: O, usage: string): Flags<O> {
  let values: FlagValues<O>;
  try {
    values = parseArgs({ options: { ...options, help: HELP } }).values as FlagValues<O>;
  } catch (error) {
    return { exitCode: usageError((error as Error).message, usage) };
  }
  if ((values as { help?: boolean }).help) {
    process.stdout.write(`${usage}\n`);
    return { exitCode: 0 };
  }
  return { values };
}

/** Says what was wrong, then how to call the command; returns the exit code of a usage error. */
export function usageError(message: string, usage: string): number {
  process.stderr.write(`${message}\n\n${usage}\n`);
  return 2;
}

/** Runs `main` and exits with its code; an unexpected error is one line on stderr and exit code 1. */
export function runCommand(name: string, main: () => Promise<number>): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${name} failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
