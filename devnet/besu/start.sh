#!/usr/bin/env bash
# Starts a 4-validator QBFT network of Hyperledger Besu on loopback (RPC of node 1 on :8545), for
# running the devnet workload on Besu:
#
#   devnet/besu/start.sh            # in one terminal (Ctrl-C stops all four nodes)
#   ./deai devnet --rpc-url http://127.0.0.1:8545 --private-key-file devnet/besu/dev.key
#
# Needs 'besu' on PATH (24.x or newer). Besu cannot be installed from the package registries the
# project's build machines reach, so this launcher has NOT been run there; see README.
# The genesis enables Cancun at time 0 (the contracts use transient storage and are compiled for
# evm_version cancun) and a zero base fee. dev.key funds the deployer, requester and workers; it
# is the well-known first development key, never use it outside a private test network.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
command -v besu >/dev/null || { echo "besu not found on PATH; install Hyperledger Besu first" >&2; exit 2; }
work="${BESU_WORK_DIR:-$here/network}"
rm -rf "$work" && mkdir -p "$work"
besu operator generate-blockchain-config --config-file="$here/qbft-config.json" \
  --to="$work/generated" --private-key-file-name=key
i=0
for keydir in "$work"/generated/keys/*; do
  mkdir -p "$work/node$i/data" && cp "$keydir/key" "$keydir/key.pub" "$work/node$i/data/"
  i=$((i + 1))
done
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT INT TERM
start_node() {
  local n=$1 extra=("${@:2}")
  besu --data-path="$work/node$n/data" --genesis-file="$work/generated/genesis.json" \
    --p2p-host=127.0.0.1 --p2p-port=$((30303 + n)) --host-allowlist="*" \
    --rpc-http-enabled --rpc-http-host=127.0.0.1 --rpc-http-port=$((8545 + n)) \
    --rpc-http-api=ETH,NET,QBFT,WEB3 --min-gas-price=0 "${extra[@]}" \
    > "$work/node$n.log" 2>&1 &
  pids+=($!)
}
start_node 0
sleep 5
enode="enode://$(sed 's/^0x//' "$work/node0/data/key.pub")@127.0.0.1:30303"
for n in 1 2 3; do start_node "$n" --bootnodes="$enode"; done
echo "QBFT network starting; RPC http://127.0.0.1:8545 (chain id 1337); logs in $work/*.log"
wait
