package network.deai.node.app;

import java.nio.file.Path;
import java.time.Duration;
import network.deai.node.chain.Keystore;
import network.deai.node.chain.TaskManagerClient;
import network.deai.node.chain.TransactionSender;
import org.jspecify.annotations.Nullable;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import picocli.CommandLine.Option;

/**
 * Options of commands that act on a TaskManager (tasks, audits of tasks and nodes, the explorer):
 * the chain ({@link RpcOptions}) and the contract's address; each has a DEAI_* default.
 */
class ClientOptions extends RpcOptions {
  @Option(
      names = "--contract",
      defaultValue = "${DEAI_CONTRACT}",
      description = "TaskManager address (default: $DEAI_CONTRACT).")
  @Nullable String contract;

  TaskManagerClient connect(Web3j web3j) {
    if (contract == null || contract.isBlank()) {
      throw new IllegalArgumentException(
          "need the TaskManager address: pass --contract 0x... or set DEAI_CONTRACT");
    }
    if (!contract.matches("0x[0-9a-fA-F]{40}")) {
      throw new IllegalArgumentException(
          "--contract "
              + contract
              + " is not an address (0x and 40 hex digits): pass the contract that deai chain"
              + " start or deai chain deploy printed");
    }
    return TaskManagerClient.connect(web3j, contract, chainId);
  }

  /** Signing options for commands that send transactions. */
  static final class Signer {
    @Option(
        names = "--keystore-file",
        defaultValue = "${DEAI_KEYSTORE_FILE}",
        description = "Encrypted key (deai keys new); default $DEAI_KEYSTORE_FILE.")
    @Nullable Path keystoreFile;

    @Option(names = "--passphrase-file", description = "Passphrase file (else $DEAI_PASSPHRASE).")
    @Nullable Path passphraseFile;

    @Option(
        names = "--data-dir",
        description =
            "Where the key's pending-transaction outbox lives, in a folder per address (default: "
                + ClientDataDir.DEFAULT_DESCRIPTION
                + "; a requester-data folder an earlier version left in the working directory is"
                + " kept in use, with a note).")
    @Nullable Path dataDir;

    TransactionSender sender(TaskManagerClient client) {
      return sender(client.web3j(), client.chainId());
    }

    TransactionSender sender(Web3j web3j, long chainId) {
      if (keystoreFile == null) {
        throw new IllegalArgumentException(
            "need a key: pass --keystore-file <file> or set DEAI_KEYSTORE_FILE");
      }
      Credentials credentials =
          Keystore.load(keystoreFile, PassphraseSource.resolve(passphraseFile, System.getenv()));
      return TransactionSender.open(
          web3j,
          credentials,
          chainId,
          ClientDataDir.choose(dataDir, "requester-data").outbox(credentials.getAddress()),
          Duration.ofMillis(20));
    }
  }
}
