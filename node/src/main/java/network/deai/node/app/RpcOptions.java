package network.deai.node.app;

import picocli.CommandLine.Option;

/** The JSON-RPC endpoint and chain id every command that reads a chain takes. */
class RpcOptions {
  @Option(
      names = "--rpc-url",
      defaultValue = "${DEAI_RPC_URL:-http://127.0.0.1:8545}",
      description = "JSON-RPC endpoint (default: $DEAI_RPC_URL or ${DEFAULT-VALUE}).")
  String rpcUrl = "http://127.0.0.1:8545";

  @Option(
      names = "--chain-id",
      defaultValue = "${DEAI_CHAIN_ID:-31337}",
      description = "Expected chain id (default: $DEAI_CHAIN_ID or ${DEFAULT-VALUE}).")
  long chainId = 31337;
}
