#!/usr/bin/env node
// `npm run canary`: the OAuth integration tests against the newest oidc-provider, in a throwaway copy
// of the project (its files as they stand, tracked or new, not ignored) in a temporary directory:
// `npm install oidc-provider@latest` there (it needs the npm registry), then vitest's integration
// project on the OAuth test files. This project's own node_modules and lock file are never touched.
// Not part of `npm test` or CI: it tells whether a new release still takes the patches in
// src/server/oauth/library-patches.ts (a lost hook stops the server at start, naming it).
// `--keep` leaves the copy behind for a look.
import { spawnSync } from 'node:child_process';
import { copyFileSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const keep = process.argv.includes('--keep');
/** The OAuth integration tests: the authorization server, its add-ons, auth_oauth and client throttling. */
const OAUTH_TESTS = /^(oauth-|addon-|auth-oauth|odoo-providers|client-auth-throttle).*\.test\.ts$/;

// Run by npm: its own CLI, through this node (no shell, any platform).
const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ['npm'];

function run(command, args, cwd) {
  console.log(`> ${[command, ...args].join(' ')}`);
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.error !== undefined) throw result.error;
  return result.status ?? 1;
}

function projectFiles() {
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  // Never the dependencies: a work tree's node_modules may be a link (to another checkout's), and
  // the copy installs its own.
  return listed.stdout.split('\0').filter((path) => path !== '' && path.split('/')[0] !== 'node_modules');
}

const copy = mkdtempSync(join(tmpdir(), 'fieldbook-canary-'));
let status;
try {
  console.log(`canary: copying the project to ${copy}`);
  for (const path of projectFiles()) {
    mkdirSync(dirname(join(copy, path)), { recursive: true });
    // Regular files only: a tracked file deleted in the work tree is left out (the copy is of the
    // files as they stand), and so is any link.
    if (lstatSync(join(ROOT, path), { throwIfNoEntry: false })?.isFile() === true) copyFileSync(join(ROOT, path), join(copy, path));
  }
  status = run(npm[0], [...npm.slice(1), 'install', '--no-audit', '--no-fund', 'oidc-provider@latest'], copy);
  if (status === 0) {
    const { version } = JSON.parse(readFileSync(join(copy, 'node_modules', 'oidc-provider', 'package.json'), 'utf8'));
    console.log(`canary: oidc-provider ${version} (this project is on ${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).dependencies['oidc-provider']})`);
    const tests = readdirSync(join(copy, 'tests', 'integration'))
      .filter((name) => OAUTH_TESTS.test(name))
      .map((name) => `tests/integration/${name}`);
    status = run(process.execPath, [join(copy, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--project', 'integration', ...tests], copy);
    console.log(`canary: the OAuth integration tests ${status === 0 ? 'pass' : 'FAIL'} on oidc-provider ${version}`);
  }
} finally {
  if (keep) console.log(`canary: the copy stays at ${copy}`);
  else rmSync(copy, { recursive: true, force: true });
}
process.exit(status);
