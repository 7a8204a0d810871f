// Writes the npm package @deai/contracts (the contracts' ABIs for ethers and viem users) from the
// ABIs that tools/extract-artifacts.mjs extracted from forge's build, so it always matches the
// compiled contracts. Run by the contracts module's build (generate-resources).
// Usage: node tools/npm-package.mjs <abi-dir> <package-dir> <version> <ContractName>...
import fs from 'node:fs';
import path from 'node:path';

const [abiDir, packageDir, version, ...names] = process.argv.slice(2);
if (!version || names.length === 0) {
  throw new Error('usage: npm-package.mjs <abi-dir> <package-dir> <version> <ContractName>...');
}
fs.rmSync(packageDir, { recursive: true, force: true });
fs.mkdirSync(path.join(packageDir, 'abi'), { recursive: true });

/** taskManagerAbi for TaskManager. */
const exportName = (name) => `${name[0].toLowerCase()}${name.slice(1)}Abi`;

/** The TypeScript type of a JSON value with every literal kept (what `as const` gives). */
function literalType(value, indent = '') {
  if (Array.isArray(value)) {
    if (value.length === 0) return 'readonly []';
    const inner = indent + '  ';
    return `readonly [\n${value.map((v) => inner + literalType(v, inner)).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const inner = indent + '  ';
    const fields = Object.entries(value).map(
      ([k, v]) => `${inner}readonly ${JSON.stringify(k)}: ${literalType(v, inner)}`,
    );
    return `{\n${fields.join(';\n')};\n${indent}}`;
  }
  return JSON.stringify(value);
}

const abis = {};
for (const name of names) {
  abis[name] = JSON.parse(fs.readFileSync(path.join(abiDir, `${name}.abi`), 'utf8'));
  fs.writeFileSync(
    path.join(packageDir, 'abi', `${name}.json`),
    JSON.stringify(abis[name], null, 2) + '\n',
  );
}

const cjs = names.map((n) => `exports.${exportName(n)} = require('./abi/${n}.json');`);
fs.writeFileSync(path.join(packageDir, 'index.js'), `'use strict';\n${cjs.join('\n')}\n`);
const esm = names.map(
  (n) => `export const ${exportName(n)} = Object.freeze(${JSON.stringify(abis[n])});`,
);
fs.writeFileSync(path.join(packageDir, 'index.mjs'), esm.join('\n') + '\n');
const dts = names.map(
  (n) => `/** The ${n} contract's ABI. */\nexport declare const ${exportName(n)}: ${literalType(abis[n])};`,
);
fs.writeFileSync(path.join(packageDir, 'index.d.ts'), dts.join('\n\n') + '\n');

const packageJson = {
  name: '@deai/contracts',
  version,
  description: `ABIs of the deai contracts (${names.join(', ')}) for ethers and viem.`,
  license: 'Apache-2.0',
  main: './index.js',
  module: './index.mjs',
  types: './index.d.ts',
  exports: {
    '.': { types: './index.d.ts', import: './index.mjs', require: './index.js' },
    './abi/*.json': './abi/*.json',
  },
  files: ['index.js', 'index.mjs', 'index.d.ts', 'abi/', 'README.md'],
  sideEffects: false,
};
fs.writeFileSync(
  path.join(packageDir, 'package.json'),
  JSON.stringify(packageJson, null, 2) + '\n',
);

const readme = `# @deai/contracts

The ABIs of the deai contracts, generated from the compiled Solidity by the project's build
(\`contracts/tools/npm-package.mjs\`), version ${version}.

| export | contract | JSON |
|---|---|---|
${names.map((n) => `| \`${exportName(n)}\` | ${n} | \`@deai/contracts/abi/${n}.json\` |`).join('\n')}

The exports are typed as constants, so viem infers function names, arguments and results:

\`\`\`ts
import { createPublicClient, http } from 'viem';
import { foundry } from 'viem/chains';
import { taskManagerAbi } from '@deai/contracts';

const client = createPublicClient({ chain: foundry, transport: http() });
const tasks = await client.readContract({
  address: '0x5FbDB2315678afecb367f032d93F642f64180aa3', // deai chain start's TaskManager
  abi: taskManagerAbi,
  functionName: 'taskCount',
});
\`\`\`

With ethers v6:

\`\`\`js
const { Contract, JsonRpcProvider } = require('ethers');
const { taskManagerAbi } = require('@deai/contracts');

const taskManager = new Contract(address, taskManagerAbi, new JsonRpcProvider('http://127.0.0.1:8545'));
console.log(await taskManager.taskCount());
\`\`\`

Contract addresses are not part of the package: they depend on the chain and the deployment
(\`deai chain deploy\` prints them). The protocol is described in the repository's docs/protocol.md.
`;
fs.writeFileSync(path.join(packageDir, 'README.md'), readme);
console.log(`npm package ${packageJson.name}@${version} in ${packageDir}: ${names.join(', ')}`);
