/**
 * `npm run apikey -- --user <login> [--name …]` creates an API key for the REST add-on endpoints
 * and prints it once; `--revoke <id|name>` deletes keys; `--list` shows them (never the keys).
 * Works with the server running (it asks the server, oauth/addons/admin-socket.ts) or stopped.
 */
import { parseArgs } from 'node:util';
import { ConfigError, parseConfig } from '../config.ts';
import { type AdminCommand, runAdminCommand, sendAdminCommand } from '../oauth/addons/admin-socket.ts';
import { ApiKeyError, type ApiKeyInfo } from '../store/api-keys.ts';
import { openDatabase } from '../store/db.ts';
import { DataDirLockedError, lockDataDir } from '../store/lock.ts';

const usage = `Usage: npm run apikey -- --user <login> [--name <name>]
       npm run apikey -- --revoke <id|name>
       npm run apikey -- --list

Creates an API key for a user (printed once: only its hash is stored), revokes keys, or lists them.
Keys work on /restapi/1.0/object/… (Authorization: Bearer <key>, or X-API-Key: <key>), never on the
login screen.

Environment:
  FIELDBOOK_DATA_DIR  the data directory (default ./.data)`;

class UsageError extends Error {
  override name = 'UsageError';
}

function commandOf(args: readonly string[]): AdminCommand | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: { user: { type: 'string' }, name: { type: 'string' }, revoke: { type: 'string' }, list: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help === true) return 'help';
  const chosen = [values.user !== undefined, values.revoke !== undefined, values.list === true].filter(Boolean).length;
  if (chosen !== 1) throw new UsageError('give exactly one of --user, --revoke or --list.');
  if (values.user !== undefined) {
    const name = values.name ?? `${values.user} ${new Date().toISOString().slice(0, 19).replace('T', ' ')}`;
    if (values.user === '' || name.trim() === '') throw new UsageError('--user and --name cannot be empty.');
    return { op: 'create', login: values.user, name };
  }
  if (values.revoke !== undefined) return { op: 'revoke', reference: values.revoke };
  return { op: 'list' };
}

async function run(dataDir: string, command: AdminCommand): Promise<unknown> {
  let release: (() => void) | undefined;
  try {
    release = lockDataDir(dataDir);
  } catch (error) {
    if (!(error instanceof DataDirLockedError)) throw error;
    const answer = await sendAdminCommand(dataDir, command);
    if (!answer.ok) throw new ApiKeyError(answer.error);
    return answer.result;
  }
  try {
    const db = await openDatabase(dataDir);
    try {
      return await runAdminCommand(db, command);
    } finally {
      await db.close();
    }
  } finally {
    release();
  }
}

function describeKeys(keys: readonly ApiKeyInfo[]): string {
  return keys.map((key) => `  #${key.id}  ${key.login}  "${key.name}"  created ${key.created} UTC`).join('\n');
}

async function main(): Promise<number> {
  const command = commandOf(process.argv.slice(2));
  if (command === 'help') {
    console.log(usage);
    return 0;
  }
  const config = parseConfig(process.env);
  const result = await run(config.dataDir, command);
  if (command.op === 'create') {
    const { id, key } = result as { id: number; key: string };
    console.log(`API key #${id} "${command.name}" for ${command.login} (shown once, store it now):\n${key}`);
  } else if (command.op === 'revoke') {
    console.log(`Revoked:\n${describeKeys(result as ApiKeyInfo[])}`);
  } else {
    const keys = result as ApiKeyInfo[];
    console.log(keys.length === 0 ? 'No API keys.' : describeKeys(keys));
  }
  return 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  if (error instanceof UsageError) {
    console.error(`npm run apikey: ${error.message}\nRun \`npm run apikey -- --help\` for the options.`);
    process.exitCode = 2;
  } else if (error instanceof ApiKeyError || error instanceof ConfigError) {
    console.error(`npm run apikey: ${error.message}`);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
