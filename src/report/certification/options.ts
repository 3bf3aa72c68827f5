import type { KeyObject } from 'node:crypto';
import { Option, type Command } from 'commander';
import { UsageError } from '../../cli/usage-error.ts';
import { readProductFile, type ProductInfo } from './product.ts';
import { readPrivateKey } from './signing.ts';

/** The property-based cases per field and check of a certification run, unless --runs says otherwise. */
export const CERTIFICATION_RUNS = 25;

/** Where one setting of the run came from. */
export type SettingSource = 'cli' | 'env' | 'default';

/** One `conformance run` option as the run resolved it: for REPRODUCE.md. */
export interface RunSetting {
  flag: string;
  /** `true` for a switch; undefined when unset. */
  value: string | boolean | undefined;
  source: SettingSource;
  /** Its CONFORMANCE_* variable. */
  env?: string;
}

/** What `--profile certification` resolved before the run started: set on the run's flags as `certification`. */
export interface CertificationPlan {
  product: ProductInfo;
  productFile: string;
  signKey?: { path: string; key: KeyObject };
  /** Every option of `conformance run`, as resolved, in declaration order. */
  settings: RunSetting[];
  /** The arguments of `conformance` as typed, when known (the root command's raw arguments). */
  argv?: string[];
  /** The CONFORMANCE_*PASSWORD variables that were set (names only, never values). */
  passwordVariables: string[];
}

/** The `conformance run` options of the certification profile (each also read from CONFORMANCE_<FLAG>). */
export function certificationOptions(): Option[] {
  return [
    new Option('--profile <name>', `run profile: "certification" writes a signed-if-asked, verifiable bundle to OUT/certification (runs default to ${CERTIFICATION_RUNS})`)
      .choices(['certification']).env('CONFORMANCE_PROFILE'),
    new Option('--product <file>', 'YAML file naming the product certified: vendor, product, version, contact (with --profile certification)').env('CONFORMANCE_PRODUCT'),
    new Option('--sign-key <pem>', "Ed25519 private key (conformance keygen) that signs the bundle's MANIFEST.sha256 (with --profile certification)").env('CONFORMANCE_SIGN_KEY'),
  ];
}

function settingsOf(command: Command): RunSetting[] {
  return command.options.map((option): RunSetting => {
    const key = option.attributeName();
    const raw = command.getOptionValue(key) as unknown;
    const source = command.getOptionValueSource(key);
    const value = raw === undefined || raw === false ? undefined : raw === true ? true : typeof raw === 'object' && raw !== null && 'index' in raw && 'count' in raw ? `${(raw as { index: number }).index}/${(raw as { count: number }).count}` : String(raw);
    return { flag: option.long ?? option.flags, value, source: source === 'cli' ? 'cli' : source === 'env' ? 'env' : 'default', ...(option.envVar ? { env: option.envVar } : {}) };
  });
}

/**
 * The `preAction` hook of `conformance run`: with `--profile certification` it checks the product file and the
 * signing key before anything runs (a bad one is a usage error, exit 2), refuses what would make the bundle
 * partial by construction (`--only`, `--shard`), raises the default of --runs to CERTIFICATION_RUNS (an explicit
 * --runs or CONFORMANCE_RUNS wins; the seed keeps its fixed default unless given), and sets `certification` on
 * the flags. Without the profile, --product and --sign-key are refused.
 */
export function applyCertificationProfile(command: Command): void {
  const flags = command.opts();
  if (flags.profile !== 'certification') {
    for (const [key, flag] of [['product', '--product'], ['signKey', '--sign-key']] as const) {
      if (flags[key] !== undefined) throw new UsageError(`${flag} applies only to --profile certification`);
    }
    return;
  }
  if (flags.only !== undefined) throw new UsageError('--profile certification covers every API that has a target: name only the targets to certify instead of --only');
  if (flags.shard !== undefined) throw new UsageError('--profile certification needs the whole run: it cannot be combined with --shard');
  if (flags.product === undefined) throw new UsageError('--profile certification needs --product FILE naming vendor, product, version and contact (template: fixtures/product.example.yaml)');
  const product = readProductFile(flags.product as string);
  const signKey = flags.signKey === undefined ? undefined : { path: flags.signKey as string, key: readPrivateKey(flags.signKey as string) };
  if (command.getOptionValueSource('runs') === 'default') command.setOptionValueWithSource('runs', CERTIFICATION_RUNS, 'default');
  // Commander keeps the arguments it parsed on the root command (not in its typings).
  const rawArgs = (command.parent as { rawArgs?: string[] } | null)?.rawArgs;
  const plan: CertificationPlan = {
    product,
    productFile: flags.product as string,
    ...(signKey ? { signKey } : {}),
    settings: settingsOf(command),
    ...(rawArgs?.length ? { argv: [...rawArgs] } : {}),
    passwordVariables: Object.keys(process.env).filter((name) => /^CONFORMANCE_\w*PASSWORD$/.test(name) && process.env[name]).sort(),
  };
  command.setOptionValue('certification', plan);
}
