package network.deai.node.chain;

import java.math.BigInteger;
import network.deai.contracts.gen.TaskManager;
import network.deai.contracts.gen.TrainingJobs;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * Deploys the TaskManager or TrainingJobs compiled from {@code contracts/src} (the generated
 * wrapper's bytecode) over standard JSON-RPC only, so the same code deploys on anvil and on Besu.
 */
public final class ContractDeployer {
  /** A burn address nobody holds a key for: penalties credited to it can never be withdrawn. */
  public static final String BURN_ADDRESS = "0x000000000000000000000000000000000000dEaD";

  /**
   * Protocol parameters fixed at deployment.
   *
   * @param treasury the account every penalty is credited to
   * @param minWindow the shortest commit or reveal window (blocks) a task or job may ask for
   * @param minFeePerReplica the smallest fee per replica a task may offer (TaskManager only)
   */
  public record Parameters(
      BigInteger nodeStake,
      BigInteger slashAmount,
      BigInteger noShowAmount,
      long unbondingBlocks,
      String treasury,
      long minWindow,
      BigInteger minFeePerReplica) {}

  private ContractDeployer() {}

  /** Deploys a TaskManager and returns its address. */
  public static String deploy(Web3j web3j, Credentials deployer, long chainId, Parameters p) {
    return deploy("TaskManager", web3j, deployer, chainId, p);
  }

  /** Deploys a TrainingJobs contract and returns its address. */
  public static String deployTrainingJobs(
      Web3j web3j, Credentials deployer, long chainId, Parameters p) {
    return deploy("TrainingJobs", web3j, deployer, chainId, p);
  }

  private static String deploy(
      String contract, Web3j web3j, Credentials deployer, long chainId, Parameters p) {
    try {
      BigInteger gasPrice = web3j.ethGasPrice().send().getGasPrice();
      RawTransactionManager manager =
          new RawTransactionManager(
              web3j, deployer, chainId, new PollingTransactionReceiptProcessor(web3j, 50, 1200));
      StaticGasProvider gas =
          new StaticGasProvider(gasPrice.shiftLeft(1), BigInteger.valueOf(8_000_000));
      BigInteger unbonding = BigInteger.valueOf(p.unbondingBlocks());
      BigInteger minWindow = BigInteger.valueOf(p.minWindow());
      return switch (contract) {
        case "TaskManager" ->
            TaskManager.deploy(
                    web3j,
                    manager,
                    gas,
                    p.nodeStake(),
                    p.slashAmount(),
                    p.noShowAmount(),
                    unbonding,
                    p.treasury(),
                    minWindow,
                    p.minFeePerReplica())
                .send()
                .getContractAddress();
        default ->
            TrainingJobs.deploy(
                    web3j,
                    manager,
                    gas,
                    p.nodeStake(),
                    p.slashAmount(),
                    p.noShowAmount(),
                    unbonding,
                    p.treasury(),
                    minWindow)
                .send()
                .getContractAddress();
      };
    } catch (Exception e) {
      throw new IllegalStateException("deploying " + contract + " failed: " + e.getMessage(), e);
    }
  }
}
