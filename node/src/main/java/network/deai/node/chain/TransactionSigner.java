package network.deai.node.chain;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Optional;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.crypto.transaction.type.Transaction1559;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthMaxPriorityFeePerGas;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.utils.Numeric;

/**
 * Signs and broadcasts a sender's transactions: EIP-1559 (type 2) where the latest block has a base
 * fee, legacy otherwise, priced by a {@link FeePolicy} from what the node reports now.
 */
final class TransactionSigner {
  private static final BigInteger TRANSFER_GAS = BigInteger.valueOf(21_000);

  private final Web3j web3j;
  private final Credentials credentials;
  private final long chainId;
  private final FeePolicy policy;

  TransactionSigner(Web3j web3j, Credentials credentials, long chainId, FeePolicy policy) {
    this.web3j = web3j;
    this.credentials = credentials;
    this.chainId = chainId;
    this.policy = policy;
  }

  /** What a new transaction offers now. */
  Fees fresh() throws IOException {
    EthBlock.Block latest =
        web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock();
    String base = latest == null ? null : latest.getBaseFeePerGasRaw();
    if (base == null) {
      return policy.initial(null, web3j.ethGasPrice().send().getGasPrice(), BigInteger.ZERO);
    }
    BigInteger baseFee = Numeric.decodeQuantity(base);
    EthMaxPriorityFeePerGas tip = web3j.ethMaxPriorityFeePerGas().send();
    BigInteger suggested =
        tip.hasError() || tip.getResult() == null
            ? web3j.ethGasPrice().send().getGasPrice().subtract(baseFee).max(BigInteger.ZERO)
            : tip.getMaxPriorityFeePerGas();
    return policy.initial(baseFee, BigInteger.ZERO, suggested);
  }

  String sign(
      BigInteger nonce, Fees fees, BigInteger gasLimit, String to, BigInteger value, String data) {
    RawTransaction tx =
        switch (fees) {
          case Fees.Legacy legacy ->
              RawTransaction.createTransaction(nonce, legacy.gasPrice(), gasLimit, to, value, data);
          case Fees.Dynamic dynamic ->
              RawTransaction.createTransaction(
                  chainId,
                  nonce,
                  gasLimit,
                  to,
                  value,
                  data,
                  dynamic.maxPriorityFeePerGas(),
                  dynamic.maxFeePerGas());
        };
    return Numeric.toHexString(TransactionEncoder.signMessage(tx, chainId, credentials));
  }

  /**
   * {@code raw} re-signed with the same nonce, recipient, value and data at a higher fee, or empty
   * when the policy's ceilings allow no valid replacement.
   */
  Optional<String> bumped(String raw, Fees fresh, long blocksLeft) {
    RawTransaction old = TransactionDecoder.decode(raw);
    return policy
        .bump(fees(old), fresh, blocksLeft)
        .map(
            fees ->
                sign(
                    old.getNonce(),
                    fees,
                    old.getGasLimit(),
                    old.getTo(),
                    old.getValue(),
                    old.getData()));
  }

  /** What {@code raw} offers. */
  static Fees fees(String raw) {
    return fees(TransactionDecoder.decode(raw));
  }

  private static Fees fees(RawTransaction tx) {
    if (tx.getTransaction() instanceof Transaction1559 dynamic) {
      return new Fees.Dynamic(dynamic.getMaxFeePerGas(), dynamic.getMaxPriorityFeePerGas());
    }
    return new Fees.Legacy(tx.getGasPrice().max(BigInteger.ONE));
  }

  /** Empty when the node accepted {@code raw} (or already had it), else the node's error. */
  Optional<String> broadcast(String raw) throws IOException {
    EthSendTransaction response = web3j.ethSendRawTransaction(raw).send();
    if (response.hasError()) {
      String message = response.getError().getMessage();
      return OutboxReconciler.alreadyKnown(message) ? Optional.empty() : Optional.of(message);
    }
    return Optional.empty();
  }

  /** A no-op (a zero transfer to ourselves) that fills a nonce whose transaction was given up. */
  String filler(BigInteger nonce, Fees fees) {
    return sign(nonce, fees, TRANSFER_GAS, credentials.getAddress(), BigInteger.ZERO, "0x");
  }

  /** True when {@code raw} is a {@link #filler}. */
  boolean isFiller(String raw) {
    RawTransaction tx = TransactionDecoder.decode(raw);
    String data = Numeric.cleanHexPrefix(tx.getData() == null ? "" : tx.getData());
    return credentials.getAddress().equalsIgnoreCase(tx.getTo())
        && tx.getValue().signum() == 0
        && data.isEmpty();
  }
}
