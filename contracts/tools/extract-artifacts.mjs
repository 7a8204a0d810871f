// Writes <name>.abi and <name>.bin from forge's build output for web3j's code generator.
// Usage: node tools/extract-artifacts.mjs <forge-out-dir> <target-dir> <ContractName>...
import fs from 'node:fs';
import path from 'node:path';

const [outDir, targetDir, ...names] = process.argv.slice(2);
fs.mkdirSync(targetDir, { recursive: true });
for (const name of names) {
  const file = path.join(outDir, `${name}.sol`, `${name}.json`);
  const artifact = JSON.parse(fs.readFileSync(file, 'utf8'));
  const bin = artifact.bytecode.object.replace(/^0x/, '');
  if (bin.length === 0) throw new Error(`${file} has no bytecode: is ${name} abstract?`);
  fs.writeFileSync(path.join(targetDir, `${name}.abi`), JSON.stringify(artifact.abi));
  fs.writeFileSync(path.join(targetDir, `${name}.bin`), bin);
  console.log(`extracted ${name}: ${artifact.abi.length} ABI entries, ${bin.length / 2} bytes`);
}
