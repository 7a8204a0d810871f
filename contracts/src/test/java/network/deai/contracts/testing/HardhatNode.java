package network.deai.contracts.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * A running {@code hardhat node} (Hardhat 2, EDR engine) on a free loopback port: a second EVM
 * implementation, independent of anvil, for checking that code needs standard JSON-RPC only. It
 * runs the npm-installed Hardhat with {@code contracts/hardhat/hardhat.config.js}, offline and
 * without a telemetry prompt; it is ready once it answers {@code eth_chainId} with the chain id
 * asked for and has printed every funded account's key. {@link #close()} kills its process tree.
 */
public final class HardhatNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HardhatNode.class);
  private static final Pattern KEY_LINE = Pattern.compile("^Private Key: (0x[0-9a-fA-F]{64})$");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final String HARDHAT_CLI = "node_modules/hardhat/internal/cli/bootstrap.js";

  /**
   * How blocks are mined: {@code automine} mines a block for every transaction; a positive {@code
   * interval} also mines one every interval while idle. At least one of the two must be on.
   */
  public record Mining(boolean automine, Duration interval) {
    public Mining {
      if (!automine && interval.isZero()) {
        throw new IllegalArgumentException("a chain without automine needs an interval");
      }
      if (interval.isNegative()) {
        throw new IllegalArgumentException("negative mining interval " + interval);
      }
    }
  }

  private final Process process;
  private final int port;
  private final List<String> privateKeys;

  private HardhatNode(Process process, int port, List<String> privateKeys) {
    this.process = process;
    this.port = port;
    this.privateKeys = privateKeys;
  }

  /** Starts {@code hardhat node} with {@code accounts} funded accounts (anvil's keys). */
  public static HardhatNode start(int accounts, long chainId, Mining mining) {
    Path contracts = contractsDirectory();
    int port = freePort();
    ProcessBuilder builder =
        new ProcessBuilder(
                System.getProperty("deai.node", "node"),
                contracts.resolve(HARDHAT_CLI).toString(),
                "--config",
                "hardhat.config.js",
                "node",
                "--hostname",
                "127.0.0.1",
                "--port",
                Integer.toString(port))
            .directory(contracts.resolve("hardhat").toFile())
            .redirectErrorStream(true);
    builder.environment().put("HARDHAT_DISABLE_TELEMETRY_PROMPT", "true");
    builder.environment().put("DEAI_HARDHAT_CHAIN_ID", Long.toString(chainId));
    builder.environment().put("DEAI_HARDHAT_ACCOUNTS", Integer.toString(accounts));
    builder.environment().put("DEAI_HARDHAT_AUTOMINE", Boolean.toString(mining.automine()));
    builder
        .environment()
        .put("DEAI_HARDHAT_INTERVAL_MS", Long.toString(mining.interval().toMillis()));
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not start hardhat node: is Node.js (node) on the PATH? " + e.getMessage(), e);
    }
    List<String> keys = Collections.synchronizedList(new ArrayList<>());
    Thread.ofPlatform().name("hardhat-output").daemon().start(() -> readOutput(process, keys));
    HardhatNode node = new HardhatNode(process, port, keys);
    node.awaitReady(chainId, accounts);
    LOG.info(
        "hardhat node started on 127.0.0.1:{} (chain id {}, pid {})", port, chainId, process.pid());
    return node;
  }

  private void awaitReady(long chainId, int accounts) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    Web3j web3j = Web3j.build(new HttpService(rpcUrl()));
    try {
      while (!(chainId(web3j).filter(BigInteger.valueOf(chainId)::equals).isPresent()
          && privateKeys.size() >= accounts)) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          close();
          throw new IllegalStateException(
              "hardhat node did not answer eth_chainId "
                  + chainId
                  + " with "
                  + accounts
                  + " accounts within "
                  + START_TIMEOUT
                  + (process.isAlive() ? "" : " (it exited with " + process.exitValue() + ")"));
        }
        TimeUnit.MILLISECONDS.sleep(100);
      }
    } catch (InterruptedException e) {
      close();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting hardhat node", e);
    } finally {
      web3j.shutdown();
    }
  }

  private static Optional<BigInteger> chainId(Web3j web3j) {
    try {
      return Optional.of(web3j.ethChainId().send().getChainId());
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static void readOutput(Process process, List<String> keys) {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        Matcher m = KEY_LINE.matcher(line.trim());
        if (m.matches()) {
          keys.add(m.group(1));
        } else {
          LOG.trace("hardhat: {}", line);
        }
      }
    } catch (IOException e) {
      LOG.debug("hardhat output closed: {}", e.getMessage());
    }
  }

  /** The {@code contracts} directory (holding Hardhat's node_modules) above the working one. */
  private static Path contractsDirectory() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      for (Path base : new Path[] {dir, dir.resolve("contracts")}) {
        if (Files.isRegularFile(base.resolve(HARDHAT_CLI))
            && Files.isRegularFile(base.resolve("hardhat/hardhat.config.js"))) {
          return base;
        }
      }
    }
    throw new IllegalStateException(
        "hardhat not found: run './mvnw -pl contracts initialize' (installs it with npm into"
            + " contracts/node_modules)");
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  /** The JSON-RPC endpoint, e.g. {@code http://127.0.0.1:8545}. */
  public String rpcUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** Private keys (0x-prefixed hex) of the funded accounts, in Hardhat's (and anvil's) order. */
  public List<String> privateKeys() {
    return List.copyOf(privateKeys);
  }

  @Override
  public void close() {
    List<ProcessHandle> tree = process.descendants().toList();
    tree.forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        tree.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      tree.forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    LOG.info("hardhat node on port {} stopped", port);
  }
}
