// Generates the golden vectors shared by the Solidity and Java suites, independently of both:
// keccak256 from the js-sha3 package, ABI encoding and popcount written out here.
// Usage: node test/vectors/generate.mjs   (rewrites commitment.json, simhash-distance.json and
// scores-digest.json)
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { keccak256 } = require('js-sha3');
const here = path.dirname(fileURLToPath(import.meta.url));

const word = (n) => BigInt(n).toString(16).padStart(64, '0');
const hex = (bytes) => '0x' + Buffer.from(bytes).toString('hex');
const keccakHex = (hexString) => '0x' + keccak256(Buffer.from(hexString.replace(/^0x/, ''), 'hex'));

// Deterministic pseudo-random words (xorshift over BigInt) so the file is reproducible.
let state = 0x9e3779b97f4a7c15n;
const next64 = () => {
  state ^= (state << 13n) & 0xffffffffffffffffn;
  state ^= state >> 7n;
  state ^= (state << 17n) & 0xffffffffffffffffn;
  return state & 0xffffffffffffffffn;
};
const randomWord = () => '0x' + [0, 1, 2, 3].map(() => next64().toString(16).padStart(16, '0')).join('');

const tag = '0x' + keccak256('deai.commit.v1');
const commitmentCases = [];
const managers = ['0x5fbdb2315678afecb367f032d93f642f64180aa3', '0xe7f1725e7734ce288f8367e1bb143e90bb3f0512'];
const workers = ['0x70997970c51812dc3a010c7d01b50e0d17dc79c8', '0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc'];
const chainIds = [31337n, 1337n, 1n, 2018n];
for (let i = 0; i < 8; i++) {
  const c = {
    chainId: chainIds[i % chainIds.length].toString(),
    taskManager: managers[i % 2],
    taskId: (i === 7 ? (1n << 255n) + 12345n : BigInt(i + 1)).toString(),
    worker: workers[(i >> 1) % 2],
    resultDigest: randomWord(),
    fingerprint: i % 2 === 0 ? null : randomWord(),
    salt: randomWord(),
  };
  if (c.fingerprint === null) c.fingerprint = c.resultDigest; // EXACT mode: fingerprint = digest
  const encoded = [tag, word(c.chainId), word(BigInt(c.taskManager)), word(c.taskId), word(BigInt(c.worker)),
    c.resultDigest, c.fingerprint, c.salt].map((w) => (w.startsWith('0x') ? w.slice(2) : w)).join('');
  c.commitment = keccakHex(encoded);
  commitmentCases.push(c);
}
fs.writeFileSync(path.join(here, 'commitment.json'),
  JSON.stringify({ commitTag: tag, cases: commitmentCases }, null, 2) + '\n');

const popcount = (x) => { let n = 0; while (x) { n += Number(x & 1n); x >>= 1n; } return n; };
const flipBits = (w, count) => {
  let x = BigInt(w);
  for (let k = 0; k < count; k++) x ^= 1n << BigInt((k * 37) % 256);
  return '0x' + x.toString(16).padStart(64, '0');
};
const ones = '0x' + 'f'.repeat(64);
const zero = '0x' + '0'.repeat(64);
const pairs = [[zero, zero, 0], [zero, ones, 256], [ones, zero, 255], [zero, flipBits(zero, 1), 0], [zero, flipBits(zero, 1), 1]];
for (let i = 0; i < 10; i++) {
  const a = randomWord();
  const flips = [2, 5, 10, 16, 24, 32, 48, 64, 100, 200][i];
  pairs.push([a, flipBits(a, flips), [1, 5, 9, 16, 30, 32, 48, 60, 128, 256][i]]);
}
for (let i = 0; i < 5; i++) pairs.push([randomWord(), randomWord(), 128]);
const distanceCases = pairs.map(([a, b, maxDistance]) => {
  const distance = popcount(BigInt(a) ^ BigInt(b));
  return { a, b, maxDistance: String(maxDistance), distance: String(distance), agree: distance <= maxDistance };
});
fs.writeFileSync(path.join(here, 'simhash-distance.json'), JSON.stringify({ cases: distanceCases }, null, 2) + '\n');
console.log(`wrote ${commitmentCases.length} commitment and ${distanceCases.length} distance vectors`);

// Score vectors of a training round: scoresDigest = keccak256(abi.encode(int64[] scores)), each
// element sign-extended to a 256-bit two's-complement word. Written after the vectors above so
// their pseudo-random sequence is unchanged.
const intWord = (v) => BigInt.asUintN(256, BigInt(v)).toString(16).padStart(64, '0');
const scoreLists = [
  ['1'],
  ['1000000000', '-250000000', '0'],
  ['9223372036854775807', '-9223372036854775808', '5'],
  ['333333333', '333333333', '333333334', '-1', '42'],
];
const scoreCases = scoreLists.map((scores) => ({
  scores,
  digest: keccakHex(word(32) + word(scores.length) + scores.map(intWord).join('')),
}));
fs.writeFileSync(path.join(here, 'scores-digest.json'), JSON.stringify({ cases: scoreCases }, null, 2) + '\n');
