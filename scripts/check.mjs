#!/usr/bin/env node
// `npm run check`: the typecheck and the lint side by side (each is one process on one core; both
// keep caches in node_modules/, so a second run re-checks only what changed), then the unit tests.
// Like `typecheck && lint && test:unit`, it stops at a failure; each tool's output comes in one piece.
import { spawn, spawnSync } from 'node:child_process';

// Run by npm: its own CLI, through this node (no shell, any platform).
const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ['npm'];

function run(script) {
  return new Promise((resolve) => {
    const child = spawn(npm[0], [...npm.slice(1), 'run', '--silent', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => resolve({ script, code: 1, output: `${output}${String(error)}\n` }));
    child.on('close', (code) => resolve({ script, code, output }));
  });
}

const results = await Promise.all(['typecheck', 'lint'].map(run));
for (const { script, code, output } of results) {
  console.log(`> ${script}: ${code === 0 ? 'ok' : 'FAILED'}`);
  if (output.trim() !== '') process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
}
if (results.some((result) => result.code !== 0)) process.exit(1);

console.log('> test:unit');
const unit = spawnSync(npm[0], [...npm.slice(1), 'run', '--silent', 'test:unit'], { stdio: 'inherit' });
process.exit(unit.status ?? 1);
