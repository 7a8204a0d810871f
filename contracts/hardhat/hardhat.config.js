// Hardhat network for `hardhat node` only: a second EVM implementation (EDR, independent of anvil)
// that the node's SecondEvmIT runs against, so the worker is checked to need standard JSON-RPC
// only. The test fixture (contracts test-jar, HardhatNode) sets the variables below. Nothing is
// compiled here (forge builds the contracts), so Hardhat never downloads a compiler.
//
// Mining: DEAI_HARDHAT_AUTOMINE=true mines a block for every transaction (like anvil without
// --block-time); DEAI_HARDHAT_INTERVAL_MS > 0 also mines a block every that many milliseconds, as
// a live chain produces blocks whether or not anyone sends transactions.
const env = (name, fallback) => process.env[name] ?? fallback;
const automine = env("DEAI_HARDHAT_AUTOMINE", "true") === "true";
const interval = Number.parseInt(env("DEAI_HARDHAT_INTERVAL_MS", "0"), 10);

module.exports = {
  networks: {
    hardhat: {
      chainId: Number.parseInt(env("DEAI_HARDHAT_CHAIN_ID", "31337"), 10),
      // What foundry.toml compiles for. Unlike the anvil fixture, Hardhat keeps mainnet's code-size
      // limits (EIP-170 and EIP-3860), so a contract too big for mainnet fails to deploy here.
      hardfork: "cancun",
      blockGasLimit: 60_000_000,
      // anvil's mnemonic and path: account i has the same key on both chains.
      accounts: {
        mnemonic: "test test test test test test test test test test test junk",
        path: "m/44'/60'/0'/0",
        count: Number.parseInt(env("DEAI_HARDHAT_ACCOUNTS", "30"), 10),
        accountsBalance: "10000000000000000000000",
      },
      mining: { auto: automine, interval: interval > 0 ? interval : 0 },
    },
  },
  paths: {
    sources: "./no-sources",
    cache: "../cache/hardhat",
    artifacts: "../cache/hardhat-artifacts",
  },
};
