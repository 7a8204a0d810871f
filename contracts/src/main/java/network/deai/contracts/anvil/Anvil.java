package network.deai.contracts.anvil;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running anvil process on a free loopback port. Its funded accounts' private keys are read from
 * anvil's own start-up output. {@link #close()} stops the process and waits for it.
 */
public final class Anvil implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Anvil.class);
  private static final Pattern KEY_LINE = Pattern.compile("^\\(\\d+\\) (0x[0-9a-fA-F]{64})$");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final int port;
  private final long chainId;
  private final List<String> privateKeys;

  private Anvil(Process process, int port, long chainId, List<String> privateKeys) {
    this.process = process;
    this.port = port;
    this.chainId = chainId;
    this.privateKeys = privateKeys;
  }

  /**
   * Starts anvil with {@code accounts} funded accounts, automine when {@code blockTimeSeconds} is
   * 0, otherwise interval mining.
   */
  public static Anvil start(int accounts, long chainId, int blockTimeSeconds) {
    return start(accounts, chainId, blockTimeSeconds, 0);
  }

  /**
   * Like {@link #start(int, long, int)} on loopback port {@code requestedPort}, or on a free one
   * when it is 0.
   */
  public static Anvil start(int accounts, long chainId, int blockTimeSeconds, int requestedPort) {
    Path binary = AnvilBinary.locate();
    int port = requestedPort == 0 ? freePort() : requestedPort;
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            binary.toString(),
            "--host",
            "127.0.0.1",
            "--port",
            Integer.toString(port),
            "--accounts",
            Integer.toString(accounts),
            "--chain-id",
            Long.toString(chainId),
            "--hardfork",
            "cancun",
            "--gas-limit",
            "60000000",
            "--code-size-limit",
            "49152"));
    if (blockTimeSeconds > 0) {
      command.addAll(List.of("--block-time", Integer.toString(blockTimeSeconds)));
    }
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      List<String> keys = awaitReady(process);
      LOG.info("anvil started on 127.0.0.1:{} (chain id {}, pid {})", port, chainId, process.pid());
      return new Anvil(process, port, chainId, keys);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start anvil at " + binary, e);
    }
  }

  private static List<String> awaitReady(Process process) throws IOException {
    CompletableFuture<List<String>> ready = new CompletableFuture<>();
    Thread reader =
        Thread.ofPlatform().name("anvil-output").daemon().start(() -> readOutput(process, ready));
    try {
      return ready.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      process.destroyForcibly();
      reader.interrupt();
      throw new IllegalStateException("anvil did not start within " + START_TIMEOUT, e);
    }
  }

  private static void readOutput(Process process, CompletableFuture<List<String>> ready) {
    List<String> keys = new ArrayList<>();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        Matcher m = KEY_LINE.matcher(line.trim());
        if (m.matches()) {
          keys.add(m.group(1));
        } else if (line.startsWith("Listening on")) {
          ready.complete(List.copyOf(keys));
        } else if (ready.isDone()) {
          LOG.trace("anvil: {}", line);
        }
      }
      ready.completeExceptionally(new IllegalStateException("anvil exited before listening"));
    } catch (IOException e) {
      ready.completeExceptionally(e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  /** The JSON-RPC endpoint, e.g. {@code http://127.0.0.1:8545}. */
  public String rpcUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** The chain id anvil was started with. */
  public long chainId() {
    return chainId;
  }

  /** Private keys (0x-prefixed hex) of the funded accounts, in anvil's order. */
  public List<String> privateKeys() {
    return privateKeys;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    LOG.info("anvil on port {} stopped", port);
  }
}
