package network.deai.node.chain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.gen.TrainingJobs;
import network.deai.node.domain.Job;
import network.deai.node.domain.Node;
import network.deai.node.domain.NodeDeclaration;
import network.deai.node.domain.Round;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.datatypes.Event;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.utils.Numeric;

/**
 * The TrainingJobs contract over plain JSON-RPC: typed views, a job's events, and call data for
 * transactions (sent by a {@link TransactionSender}).
 */
public final class TrainingJobsClient {
  private final ContractRpc rpc;
  private final TrainingJobs views;

  private TrainingJobsClient(ContractRpc rpc) {
    this.rpc = rpc;
    this.views =
        TrainingJobs.load(
            rpc.address(),
            rpc.web3j(),
            new ReadonlyTransactionManager(rpc.web3j(), rpc.address()),
            new DefaultGasProvider());
  }

  /** Connects after checking the chain id and that the address holds code. */
  public static TrainingJobsClient connect(Web3j web3j, String address, long expectedChainId) {
    return new TrainingJobsClient(
        ContractRpc.connect(web3j, address, expectedChainId, "TrainingJobs"));
  }

  /** The contract address. */
  public String address() {
    return rpc.address();
  }

  /** The chain id checked at connect. */
  public long chainId() {
    return rpc.chainId();
  }

  /** The RPC connection. */
  public Web3j web3j() {
    return rpc.web3j();
  }

  /** The hash of block {@code number}. */
  public network.deai.contracts.abi.Bytes32 blockHash(long number) {
    return rpc.blockHash(number);
  }

  /** The latest block number. */
  public long blockNumber() {
    return rpc.blockNumber();
  }

  /** A job's record (the call reverts with {@code TrainingJobsUnknownJob} for an unknown id). */
  public Job job(BigInteger jobId) {
    return TrainingJobsViews.job(ContractRpc.call(views.getJob(jobId)));
  }

  /** A round's record, with its effective stage (deadlines applied). */
  public Round round(BigInteger jobId, long round) {
    return TrainingJobsViews.round(
        ContractRpc.call(views.getRound(jobId, BigInteger.valueOf(round))));
  }

  /** A node's record as this contract keeps it (its {@code owed} stays 0: see {@link #owed}). */
  public Node node(String account) {
    return TrainingJobsViews.node(ContractRpc.call(views.getNode(account)));
  }

  /** What {@code account} can withdraw. */
  public BigInteger owed(String account) {
    return ContractRpc.call(views.owed(account));
  }

  /** The stake a node must lock. */
  public BigInteger nodeStake() {
    return ContractRpc.call(views.nodeStake());
  }

  /** The account every penalty is credited to. */
  public String treasury() {
    return ContractRpc.call(views.treasury());
  }

  /** Jobs created so far. */
  public BigInteger jobCount() {
    return ContractRpc.call(views.jobCount());
  }

  /** The {@code JobCreated} event of a job (spec URI and digest live only there). */
  public TrainingJobs.JobCreatedEventResponse jobCreated(BigInteger jobId) {
    String topic = EventEncoder.encode(TrainingJobs.JOBCREATED_EVENT);
    String id = Numeric.toHexStringWithPrefixZeroPadded(jobId, 64);
    long to = rpc.blockNumber();
    while (to >= 0) {
      long from = Math.max(0, to - ContractRpc.LOG_RANGE + 1);
      for (Log log : rpc.logs(from, to, topic, id)) {
        return TrainingJobs.getJobCreatedEventFromLog(log);
      }
      to = from - 1;
    }
    throw new IllegalArgumentException("no job " + jobId + " on this contract");
  }

  /** Every log of a job from block {@code from} (its creation block) on, in chain order. */
  public List<Log> jobLogs(BigInteger jobId, long from) {
    return rpc.logsSince(from, null, Numeric.toHexStringWithPrefixZeroPadded(jobId, 64));
  }

  /** The logs of one event kind among {@code logs}. */
  public static List<Log> only(List<Log> logs, Event event) {
    String topic = EventEncoder.encode(event);
    List<Log> out = new ArrayList<>();
    for (Log log : logs) {
      if (!log.getTopics().isEmpty() && log.getTopics().get(0).equals(topic)) {
        out.add(log);
      }
    }
    return out;
  }

  /** Logs of one event of a job and round (both indexed), from block {@code from} on. */
  public List<Log> roundLogs(Event event, BigInteger jobId, long round, long from) {
    return rpc.logsSince(
        from,
        EventEncoder.encode(event),
        Numeric.toHexStringWithPrefixZeroPadded(jobId, 64),
        Numeric.toHexStringWithPrefixZeroPadded(BigInteger.valueOf(round), 64));
  }

  /** Call data for {@code register} (jobs select by GPU class only, but keep the declaration). */
  public String registerData(NodeDeclaration d) {
    return views
        .register(
            BigInteger.valueOf(d.gpuClass()),
            BigInteger.valueOf(d.vramMiB()),
            BigInteger.valueOf(d.executors()),
            d.minFeePerReplica(),
            d.endpoint(),
            BigInteger.ZERO)
        .encodeFunctionCall();
  }

  /** Sends {@code register} from {@code sender}'s key with the required stake attached. */
  public TransactionSender.Sent register(TransactionSender sender, NodeDeclaration declaration) {
    return sender.send(
        rpc.address(), nodeStake(), registerData(declaration), BigInteger.valueOf(500_000));
  }

  /** Call data for {@code createJob}. */
  public String createJobData(TrainingJobs.JobParams params) {
    return views.createJob(params, BigInteger.ZERO).encodeFunctionCall();
  }

  /** Call data for {@code commitUpdate}. */
  public String commitUpdateData(BigInteger jobId, Bytes32 commitment) {
    return views.commitUpdate(jobId, commitment.toArray()).encodeFunctionCall();
  }

  /** Call data for {@code revealUpdate}. */
  public String revealUpdateData(BigInteger jobId, Bytes32 digest, Bytes32 salt, String uri) {
    return views.revealUpdate(jobId, digest.toArray(), salt.toArray(), uri).encodeFunctionCall();
  }

  /** Call data for {@code commitAggregate}. */
  public String commitAggregateData(BigInteger jobId, Bytes32 commitment) {
    return views.commitAggregate(jobId, commitment.toArray()).encodeFunctionCall();
  }

  /** Call data for {@code revealAggregate}. */
  public String revealAggregateData(
      BigInteger jobId,
      Bytes32 modelDigest,
      Bytes32 scoresDigest,
      long flaggedMask,
      Bytes32 salt,
      String modelUri) {
    return views
        .revealAggregate(
            jobId,
            modelDigest.toArray(),
            scoresDigest.toArray(),
            BigInteger.valueOf(flaggedMask),
            salt.toArray(),
            modelUri)
        .encodeFunctionCall();
  }

  /** Call data for {@code settleRound}. */
  public String settleRoundData(
      BigInteger jobId, Bytes32 modelDigest, long flaggedMask, long[] scores) {
    List<BigInteger> values = new ArrayList<>();
    for (long s : scores) {
      values.add(BigInteger.valueOf(s));
    }
    return views
        .settleRound(jobId, modelDigest.toArray(), BigInteger.valueOf(flaggedMask), values)
        .encodeFunctionCall();
  }

  /** Call data for {@code challengeRound} (send it with the bond: {@link #slashAmount()}). */
  public String challengeRoundData(BigInteger jobId) {
    return views.challengeRound(jobId, BigInteger.ZERO).encodeFunctionCall();
  }

  /** The penalty for a wrong aggregate, which is also a challenge's bond. */
  public BigInteger slashAmount() {
    return ContractRpc.call(views.slashAmount());
  }

  /** Call data for {@code startRound}. */
  public String startRoundData(BigInteger jobId) {
    return views.startRound(jobId).encodeFunctionCall();
  }

  /** Call data for {@code cancelJob}. */
  public String cancelJobData(BigInteger jobId) {
    return views.cancelJob(jobId).encodeFunctionCall();
  }

  /** Call data for {@code withdraw}. */
  public String withdrawData() {
    return views.withdraw().encodeFunctionCall();
  }

  /**
   * The error a call would revert with now ({@link JobError} for the contract's own errors), or
   * empty when it would succeed.
   */
  public Optional<ChainError> simulate(String from, String data, BigInteger value) {
    return rpc.simulate(from, data, value).map(ChainErrors::decode);
  }

  /** As {@link #simulate}, in the pending block (the one a transaction sent now lands in). */
  public Optional<ChainError> simulatePending(String from, String data, BigInteger value) {
    return rpc.simulate(
            from, data, value, org.web3j.protocol.core.DefaultBlockParameterName.PENDING)
        .map(ChainErrors::decode);
  }

  /** The id of the {@code roundKey} used in commitments: jobId << 128 | round. */
  public static BigInteger roundKey(BigInteger jobId, long round) {
    return jobId.shiftLeft(128).or(BigInteger.valueOf(round));
  }
}
