package network.deai.node.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import network.deai.node.chain.Keystore;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code deai keys new|import}: Web3 Secret Storage keystores for node and requester keys. */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description =
        "Create or import an account key, stored encrypted (scrypt, Web3 Secret Storage). The"
            + " passphrase comes from --passphrase-file or the DEAI_PASSPHRASE environment"
            + " variable, never from a flag.",
    subcommands = {KeysCommand.New.class, KeysCommand.Import.class, CommandLine.HelpCommand.class})
final class KeysCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.create();

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Options shared by both subcommands. */
  static final class Store {
    @Option(
        names = "--keystore",
        defaultValue = "${DEAI_KEYSTORE:-keystore}",
        description = "Keystore directory (default: $DEAI_KEYSTORE or ./keystore).")
    Path directory = Path.of("keystore");

    @Option(names = "--passphrase-file", description = "File whose first line is the passphrase.")
    @Nullable Path passphraseFile;

    String passphrase() {
      return PassphraseSource.resolve(passphraseFile, System.getenv());
    }
  }

  @Command(name = "new", mixinStandardHelpOptions = true, description = "Generate a new key.")
  static final class New implements Callable<Integer> {
    @CommandLine.Mixin Store store = new Store();

    @Override
    public Integer call() {
      Keystore.StoredKey key = new Keystore(store.directory, false).create(store.passphrase());
      System.out.println("address " + key.address());
      System.out.println("keystore " + key.file());
      return 0;
    }
  }

  @Command(
      name = "import",
      mixinStandardHelpOptions = true,
      description = "Encrypt an existing private key read from a file (64 hex digits).")
  static final class Import implements Callable<Integer> {
    @CommandLine.Mixin Store store = new Store();

    @Option(names = "--private-key-file", required = true, description = "File holding the key.")
    Path keyFile = Path.of("");

    @Override
    public Integer call() throws Exception {
      String hex = Files.readString(keyFile).strip();
      Keystore.StoredKey key =
          new Keystore(store.directory, false).importKey(hex, store.passphrase());
      System.out.println("address " + key.address());
      System.out.println("keystore " + key.file());
      return 0;
    }
  }
}
