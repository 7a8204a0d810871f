package network.deai.devnet;

import network.deai.node.app.DeaiCommand;

/** The {@code deai} launcher's entry point: the node's commands plus {@code devnet}. */
public final class DevnetMain {
  private DevnetMain() {}

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    System.exit(
        DeaiCommand.commandLine().addSubcommand("devnet", new DevnetCommand()).execute(args));
  }
}
