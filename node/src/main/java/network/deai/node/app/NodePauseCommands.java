package network.deai.node.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code deai node pause|resume}: toggles a flag file in the node's data directory that a running
 * node checks on every poll. Paused, it abstains from every newly assigned task (no pay, no
 * penalty) and finishes those it is running or committed to. Only who can write the data directory
 * can pause the node; no network endpoint is involved.
 */
final class NodePauseCommands {
  private NodePauseCommands() {}

  private static Path flag(NodeCommand.ConfigOption option) {
    NodeConfig cfg = option.load();
    String address = keystoreAddress(cfg.keystoreFile());
    Path data = NodeRuntime.dataDirectory(cfg, address.startsWith("0x") ? address : "0x" + address);
    if (!Files.isDirectory(data)) {
      throw new IllegalArgumentException(
          "no node data directory at " + data + "; run deai node run with this config first");
    }
    return NodeRuntime.pauseFlag(data);
  }

  /** The address a keystore file names, read without its passphrase. */
  private static String keystoreAddress(Path keystore) {
    try {
      String address =
          new com.fasterxml.jackson.databind.ObjectMapper()
              .readTree(keystore.toFile())
              .path("address")
              .asText("");
      if (address.isEmpty()) {
        throw new IllegalArgumentException(
            keystore + " names no address; is keystore_file a web3 keystore?");
      }
      return address;
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read keystore_file " + keystore + " (" + e.getMessage() + ")", e);
    }
  }

  @Command(
      name = "pause",
      mixinStandardHelpOptions = true,
      description = {
        "Drain the running node: abstain (no pay, no penalty) from every task it is assigned from"
            + " now on and finish those it is running or committed to. Survives restarts until"
            + " deai node resume.",
        "The contract has no pause: selection still picks the node, and each pick costs the"
            + " task a replacement draw. To stop being picked, use deai node exit."
      })
  static final class Pause implements Callable<Integer> {
    @CommandLine.Mixin NodeCommand.ConfigOption config = new NodeCommand.ConfigOption();

    @Override
    public Integer call() throws IOException {
      Path flag = flag(config);
      Files.writeString(flag, "paused by deai node pause\n");
      System.out.println(
          "paused: " + flag + " written; the running node picks it up on its next poll");
      System.out.println(
          "it abstains from new tasks and finishes open ones; GET /status shows \"draining\": true"
              + " and tasksAtStake");
      System.out.println(
          "selection still picks a paused node; deai node exit stops that, deai node resume undoes"
              + " the pause");
      return 0;
    }
  }

  @Command(
      name = "resume",
      mixinStandardHelpOptions = true,
      description = "Undo deai node pause: the running node takes new tasks again.")
  static final class Resume implements Callable<Integer> {
    @CommandLine.Mixin NodeCommand.ConfigOption config = new NodeCommand.ConfigOption();

    @Override
    public Integer call() throws IOException {
      Path flag = flag(config);
      System.out.println(
          Files.deleteIfExists(flag)
              ? "resumed: " + flag + " removed; the running node takes new tasks again"
              : "not paused: " + flag + " does not exist");
      return 0;
    }
  }
}
