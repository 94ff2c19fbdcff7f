/**
 * `npm run seed [-- --partners N] [--seed S]`: empties the demo database in FIELDBOOK_DATA_DIR and
 * seeds it again with N partners (default FIELDBOOK_SEED_PARTNERS, or 5000). Exit code 2 on bad
 * arguments or configuration, or when the server holds the data directory.
 */
import { parseArgs } from 'node:util';
import { ConfigError, parseConfig } from '../config.ts';
import { openDatabase } from '../store/db.ts';
import { DataDirLockedError, lockDataDir } from '../store/lock.ts';
import { defaultSeed, seedDatabase, seedUsers, type SeedSummary } from '../store/seed.ts';

const maxPartners = 500_000;

const usage = `Usage: npm run seed -- [--partners N] [--seed S]

Empties the demo database and seeds it again (deterministic: the same N and S give the same data).

Options:
  --partners N  how many contacts in all, companies and users' partners included
                (1 to ${maxPartners.toLocaleString('en-US')}; default FIELDBOOK_SEED_PARTNERS or 5000)
  --seed S      the random seed, a whole number (default ${defaultSeed})
  -h, --help    show this help

Environment:
  FIELDBOOK_DATA_DIR  the data directory (default ./.data)`;

class UsageError extends Error {
  override name = 'UsageError';
}

function parseCommandLine(args: readonly string[]): { help: true } | { help: false; partners: number | undefined; seed: number | undefined } {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: { partners: { type: 'string' }, seed: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values } = parsed;
  if (values.help === true) return { help: true };
  return {
    help: false,
    partners: values.partners === undefined ? undefined : wholeNumber('--partners', values.partners, 1, maxPartners),
    seed: values.seed === undefined ? undefined : wholeNumber('--seed', values.seed, 0, 0xffffffff),
  };
}

function wholeNumber(option: string, text: string, min: number, max: number): number {
  const value = /^\d{1,10}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!(value >= min && value <= max)) {
    throw new UsageError(`${option} must be a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}, not "${text}".`);
  }
  return value;
}

function describe(summary: SeedSummary, dataDir: string): string {
  const n = (value: number): string => value.toLocaleString('en-US');
  return [
    `Seeded ${dataDir} in ${(summary.ms / 1000).toFixed(1)} s:`,
    `  ${n(summary.partners)} partners: ${n(summary.companies)} companies, ${n(summary.contacts)} contacts of a company, ${n(summary.archived)} archived`,
    `  ${n(summary.countries)} countries, ${n(summary.states)} states, ${n(summary.tags)} tags, ${n(summary.users)} users`,
    `Logins: ${[seedUsers.admin, seedUsers.demo, seedUsers.portal].map((u) => `${u.login} / ${u.password}`).join(' · ')}`,
  ].join('\n');
}

async function main(): Promise<number> {
  const command = parseCommandLine(process.argv.slice(2));
  if (command.help) {
    console.log(usage);
    return 0;
  }
  const config = parseConfig(process.env);
  const release = lockDataDir(config.dataDir);
  try {
    const db = await openDatabase(config.dataDir);
    try {
      const summary = await seedDatabase(db, {
        partners: command.partners ?? config.seedPartners,
        reset: true,
        ...(command.seed === undefined ? {} : { seed: command.seed }),
      });
      console.log(describe(summary, config.dataDir));
    } finally {
      await db.close();
    }
  } finally {
    release();
  }
  return 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  if (error instanceof UsageError) {
    console.error(`npm run seed: ${error.message}\nRun \`npm run seed -- --help\` for the options.`);
    process.exitCode = 2;
  } else if (error instanceof ConfigError || error instanceof DataDirLockedError || error instanceof RangeError) {
    console.error(`npm run seed: ${error.message}`);
    process.exitCode = 2;
  } else {
    throw error;
  }
}
