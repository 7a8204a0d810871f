package network.deai.contracts.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.List;
import network.deai.contracts.anvil.Anvil;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * A real local chain for tests (anvil, or a Hardhat node as a second EVM implementation): funded
 * accounts, fast receipt polling, block mining. Test-only RPC methods are the ones both chains
 * support ({@code evm_*}), except mining several blocks, which each names its own way.
 */
public final class LocalChain implements AutoCloseable {
  /** Chain id used by the tests (anvil's default). */
  public static final long CHAIN_ID = 31337;

  private static final int ACCOUNTS = 30;

  private final String rpcUrl;
  private final String mineMethod;
  private final Runnable stop;
  private final Web3j web3j;
  private final List<Credentials> accounts;

  private LocalChain(String rpcUrl, List<String> keys, String mineMethod, Runnable stop) {
    this.rpcUrl = rpcUrl;
    this.mineMethod = mineMethod;
    this.stop = stop;
    this.web3j = Web3j.build(new HttpService(rpcUrl));
    this.accounts = keys.stream().map(Credentials::create).toList();
  }

  /** Starts anvil with automine. */
  public static LocalChain start() {
    Anvil anvil = Anvil.start(ACCOUNTS, CHAIN_ID, 0);
    return new LocalChain(anvil.rpcUrl(), anvil.privateKeys(), "anvil_mine", anvil::close);
  }

  /** Starts a Hardhat node (EDR) with the same accounts and chain id as {@link #start()}. */
  public static LocalChain startHardhat(HardhatNode.Mining mining) {
    HardhatNode node = HardhatNode.start(ACCOUNTS, CHAIN_ID, mining);
    return new LocalChain(node.rpcUrl(), node.privateKeys(), "hardhat_mine", node::close);
  }

  /** The web3j client connected to this chain. */
  public Web3j web3j() {
    return web3j;
  }

  /** The JSON-RPC URL. */
  public String rpcUrl() {
    return rpcUrl;
  }

  /** Funded account {@code index} (0 deploys contracts by convention). */
  public Credentials account(int index) {
    return accounts.get(index);
  }

  /** Number of funded accounts. */
  public int accountCount() {
    return accounts.size();
  }

  /** A transaction manager for {@code credentials} that polls receipts every 10 ms. */
  public TransactionManager transactionManager(Credentials credentials) {
    return new RawTransactionManager(
        web3j, credentials, CHAIN_ID, new PollingTransactionReceiptProcessor(web3j, 10, 3000));
  }

  /** Mines {@code blocks} empty blocks (anvil_mine or hardhat_mine; tests only). */
  public void mine(long blocks) {
    send(
        new Request<>(
            mineMethod,
            List.of("0x" + Long.toHexString(blocks)),
            new HttpService(rpcUrl),
            MineResponse.class));
  }

  /** Turns the chain's automine on or off (evm_setAutomine; tests only). */
  public void setAutomine(boolean enabled) {
    send(
        new Request<>(
            "evm_setAutomine", List.of(enabled), new HttpService(rpcUrl), MineResponse.class));
  }

  /** Takes a state snapshot and returns its id (evm_snapshot; tests only). */
  public String snapshot() {
    return String.valueOf(
        call(
            new Request<>("evm_snapshot", List.of(), new HttpService(rpcUrl), MineResponse.class)));
  }

  /** Reverts to a snapshot, dropping the blocks after it (evm_revert; tests only). */
  public void revert(String snapshotId) {
    call(
        new Request<>(
            "evm_revert", List.of(snapshotId), new HttpService(rpcUrl), MineResponse.class));
  }

  private static Object call(Request<?, ? extends Response<?>> request) {
    try {
      Response<?> response = request.send();
      if (response.hasError()) {
        throw new IllegalStateException(
            request.getMethod() + ": " + response.getError().getMessage());
      }
      return response.getResult();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The latest block number. */
  public long blockNumber() {
    try {
      return web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The hash of block {@code number}, 0x-prefixed. */
  public String blockHash(long number) {
    try {
      return web3j
          .ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), false)
          .send()
          .getBlock()
          .getHash();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The wei balance of an address at the latest block. */
  public BigInteger balance(String address) {
    try {
      return web3j.ethGetBalance(address, DefaultBlockParameterName.LATEST).send().getBalance();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void send(Request<?, ? extends Response<?>> request) {
    call(request);
  }

  /** Response of a test-only method ({@code anvil_mine}, {@code evm_*}). */
  public static final class MineResponse extends Response<Object> {}

  @Override
  public void close() {
    web3j.shutdown();
    stop.run();
  }
}
