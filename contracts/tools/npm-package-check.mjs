// Checks the npm package written by tools/npm-package.mjs: it loads with require() and import(),
// its ABIs are the compiled ones and have the functions the node's Java clients call, and npm
// accepts it (npm pack --dry-run). Run by the contracts module's build (test).
// Usage: node tools/npm-package-check.mjs <package-dir> <abi-dir>
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [packageDir, abiDir] = process.argv.slice(2).map((p) => path.resolve(p));
const required = {
  TaskManager: {
    exportName: 'taskManagerAbi',
    functions: ['register', 'topUpStake', 'requestExit', 'withdrawStake', 'withdraw',
      'createTask', 'startTask', 'cancelTask', 'abstain', 'commit', 'reveal', 'finalize',
      'getTask', 'getNode', 'getReplicas', 'owed', 'nodeStake', 'taskCount'],
    events: ['TaskCreated'],
  },
  TrainingJobs: {
    exportName: 'trainingJobsAbi',
    functions: ['register', 'createJob', 'startRound', 'cancelJob', 'commitUpdate',
      'revealUpdate', 'commitAggregate', 'revealAggregate', 'settleRound', 'challengeRound',
      'withdraw', 'getJob', 'getRound', 'getNode'],
    events: [],
  },
};

const pkg = createRequire(import.meta.url)(packageDir);
const esm = await import(pathToFileURL(path.join(packageDir, 'index.mjs')).href);
const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
assert.equal(manifest.name, '@deai/contracts');
for (const [contract, want] of Object.entries(required)) {
  const compiled = JSON.parse(fs.readFileSync(path.join(abiDir, `${contract}.abi`), 'utf8'));
  assert.deepEqual(pkg[want.exportName], compiled, `${want.exportName} is not the compiled ABI`);
  assert.deepEqual(esm[want.exportName], compiled, `ESM ${want.exportName} differs`);
  const names = (type) => new Set(compiled.filter((e) => e.type === type).map((e) => e.name));
  for (const f of want.functions) assert.ok(names('function').has(f), `${contract} lacks ${f}()`);
  for (const e of want.events) assert.ok(names('event').has(e), `${contract} lacks event ${e}`);
  const dts = fs.readFileSync(path.join(packageDir, 'index.d.ts'), 'utf8');
  assert.ok(dts.includes(`export declare const ${want.exportName}: readonly [`), 'index.d.ts');
}
const packed = JSON.parse(
  execFileSync('npm', ['pack', '--dry-run', '--json', '--offline'], { cwd: packageDir }),
);
const files = packed[0].files.map((f) => f.path).sort();
for (const f of ['README.md', 'abi/TaskManager.json', 'abi/TrainingJobs.json', 'index.d.ts',
  'index.js', 'index.mjs', 'package.json']) {
  assert.ok(files.includes(f), `npm pack leaves out ${f}: ${files}`);
}
console.log(`npm package ${manifest.name}@${manifest.version} checked: ${files.length} files`);
