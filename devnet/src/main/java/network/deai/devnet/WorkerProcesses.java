package network.deai.devnet;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import network.deai.node.chain.Keystore;
import org.web3j.crypto.Credentials;

/**
 * Workers as separate JVMs ({@code deai node run}, one per identity), for {@code devnet
 * --processes}: each gets its key as an encrypted keystore, the passphrase through the environment,
 * and its log in the work directory.
 */
final class WorkerProcesses implements AutoCloseable {
  private final Path dir;
  private final String passphrase;
  private final List<Process> processes = new ArrayList<>();

  WorkerProcesses(Path dir) {
    this.dir = dir;
    byte[] secret = new byte[16];
    new SecureRandom().nextBytes(secret);
    this.passphrase = HexFormat.of().formatHex(secret);
  }

  /** Starts a worker and returns its API URL once it says it is running. */
  String start(String label, Credentials key, Map<String, String> env) throws IOException {
    return start(label, key, env, List.of("network.deai.devnet.DevnetMain", "node", "run"));
  }

  /**
   * As above, running {@code main} (a main class and its arguments) instead of {@code node run}.
   */
  String start(String label, Credentials key, Map<String, String> env, List<String> main)
      throws IOException {
    Path keys = Files.createDirectories(dir.resolve("keys").resolve(label));
    Keystore.StoredKey stored =
        new Keystore(keys, true)
            .importKey(key.getEcKeyPair().getPrivateKey().toString(16), passphrase);
    Path logs = Files.createDirectories(dir.resolve("logs"));
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command =
        new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path")));
    command.addAll(main);
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectError(logs.resolve(label + ".log").toFile());
    builder.environment().putAll(env);
    builder.environment().put("DEAI_KEYSTORE_FILE", stored.file().toString());
    builder.environment().put("DEAI_PASSPHRASE", passphrase);
    Process process = builder.start();
    processes.add(process);
    BufferedReader stdout =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    for (String line = stdout.readLine(); line != null; line = stdout.readLine()) {
      int at = line.indexOf("API at ");
      if (at >= 0) {
        return line.substring(at + "API at ".length()).strip();
      }
    }
    throw new IllegalStateException(
        "worker " + label + " exited before it started; see " + logs.resolve(label + ".log"));
  }

  @Override
  public void close() {
    processes.forEach(Process::destroy);
    for (Process p : processes) {
      try {
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
      }
    }
    processes.clear();
  }
}
