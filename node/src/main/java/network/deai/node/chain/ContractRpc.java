package network.deai.node.chain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.chain.CustomErrors;
import org.jspecify.annotations.Nullable;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;

/**
 * One deployed contract over plain JSON-RPC: the connect-time checks, views, bounded {@code
 * eth_getLogs}, and {@code eth_call} simulation decoding the contract's custom errors. Shared by
 * the typed clients of each contract.
 */
public final class ContractRpc {
  /** Blocks per {@code eth_getLogs} request. */
  public static final long LOG_RANGE = 5_000;

  private final Web3j web3j;
  private final String address;
  private final long chainId;
  private final CustomErrors errors;

  private ContractRpc(Web3j web3j, String address, long chainId, CustomErrors errors) {
    this.web3j = web3j;
    this.address = address;
    this.chainId = chainId;
    this.errors = errors;
  }

  /**
   * Connects after checking that the endpoint serves {@code expectedChainId} and that {@code
   * address} holds code; a wrong endpoint or address fails here, not at the first transaction.
   *
   * @param contract the contract's name, for its custom errors
   */
  public static ContractRpc connect(
      Web3j web3j, String address, long expectedChainId, String contract) {
    try {
      long actual = web3j.ethChainId().send().getChainId().longValueExact();
      if (actual != expectedChainId) {
        throw new IllegalArgumentException(
            "RPC endpoint serves chain id "
                + actual
                + " but the configuration expects "
                + expectedChainId
                + "; fix chain_id or rpc_url (--chain-id or --rpc-url on the command line)");
      }
      String code = web3j.ethGetCode(address, DefaultBlockParameterName.LATEST).send().getCode();
      if (code == null || code.equals("0x") || code.isEmpty()) {
        throw new IllegalArgumentException(
            "no "
                + contract
                + " contract code at "
                + address
                + " on chain "
                + actual
                + "; fix its address ("
                + (contract.equals("TrainingJobs")
                    ? "jobs_contract or --jobs-contract"
                    : "contract or --contract")
                + "): was it deployed on this chain?");
      }
      return new ContractRpc(web3j, address, actual, CustomErrors.forContract(contract));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach the RPC endpoint: " + e.getMessage(), e);
    }
  }

  /** The contract address. */
  public String address() {
    return address;
  }

  /** The chain id checked at connect. */
  public long chainId() {
    return chainId;
  }

  /** The RPC connection. */
  public Web3j web3j() {
    return web3j;
  }

  /** The latest block number. */
  public long blockNumber() {
    try {
      return web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
    } catch (IOException e) {
      throw new UncheckedIOException("eth_blockNumber failed", e);
    }
  }

  /** The hash of block {@code number}; throws when the endpoint does not know the block. */
  public Bytes32 blockHash(long number) {
    try {
      EthBlock.Block block =
          web3j
              .ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), false)
              .send()
              .getBlock();
      if (block == null) {
        throw new IllegalStateException("the RPC endpoint does not know block " + number);
      }
      return Bytes32.fromHex(block.getHash());
    } catch (IOException e) {
      throw new UncheckedIOException("eth_getBlockByNumber failed", e);
    }
  }

  /** Sends a view call. */
  public static <T> T call(RemoteFunctionCall<T> call) {
    try {
      return call.send();
    } catch (IOException e) {
      throw new UncheckedIOException("contract view failed: " + e.getMessage(), e);
    } catch (Exception e) {
      throw new IllegalStateException("contract view failed: " + e.getMessage(), e);
    }
  }

  /** Logs of this contract in {@code [from, to]} matching {@code topics} (null = any). */
  @SuppressWarnings("rawtypes") // web3j's EthLog API is declared with raw LogResult
  public List<Log> logs(long from, long to, @Nullable String... topics) {
    EthFilter filter =
        new EthFilter(
            DefaultBlockParameter.valueOf(BigInteger.valueOf(from)),
            DefaultBlockParameter.valueOf(BigInteger.valueOf(to)),
            address);
    for (String topic : topics) {
      if (topic == null) {
        filter.addNullTopic();
      } else {
        filter.addSingleTopic(topic);
      }
    }
    try {
      EthLog response = web3j.ethGetLogs(filter).send();
      if (response.hasError()) {
        throw new UncheckedIOException(
            new IOException("eth_getLogs failed: " + response.getError().getMessage()));
      }
      List<Log> out = new ArrayList<>();
      for (EthLog.LogResult result : response.getLogs()) {
        out.add((Log) result.get());
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("eth_getLogs failed: " + e.getMessage(), e);
    }
  }

  /** Logs matching {@code topics} from block {@code from} to the head, in bounded ranges. */
  public List<Log> logsSince(long from, @Nullable String... topics) {
    List<Log> out = new ArrayList<>();
    long head = blockNumber();
    for (long start = from; start <= head; start += LOG_RANGE) {
      out.addAll(logs(start, Math.min(head, start + LOG_RANGE - 1), topics));
    }
    return out;
  }

  /** The custom error a call would revert with now, or empty when it would succeed. */
  public Optional<CustomErrors.Decoded> simulate(String from, String data, BigInteger value) {
    return simulate(from, data, value, DefaultBlockParameterName.LATEST);
  }

  /**
   * The custom error a call would revert with in {@code block} ({@code latest}, or {@code pending}:
   * the block a transaction sent now would be included in, where the endpoint has one).
   */
  public Optional<CustomErrors.Decoded> simulate(
      String from, String data, BigInteger value, DefaultBlockParameterName block) {
    try {
      EthCall result =
          web3j
              .ethCall(
                  Transaction.createFunctionCallTransaction(
                      from, null, null, null, address, value, data),
                  block)
              .send();
      if (!result.hasError()) {
        return Optional.empty();
      }
      Object revert = result.getError().getData();
      String hex = revert == null ? "" : revert.toString().replace("\"", "");
      return Optional.of(
          errors
              .decode(hex)
              .orElse(new CustomErrors.Decoded(result.getError().getMessage(), List.of())));
    } catch (IOException e) {
      throw new UncheckedIOException("eth_call failed", e);
    }
  }
}
