package network.deai.node.chain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import network.deai.contracts.abi.Address;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.abi.Commitment;
import network.deai.contracts.gen.TaskManager;
import network.deai.node.domain.Mode;
import network.deai.node.domain.Node;
import network.deai.node.domain.NodeStatus;
import network.deai.node.domain.Replica;
import network.deai.node.domain.ReplicaOutcome;
import network.deai.node.domain.Sampling;
import network.deai.node.domain.SamplingStage;
import network.deai.node.domain.Task;
import network.deai.node.domain.TaskState;
import org.jspecify.annotations.Nullable;

/**
 * An in-memory TaskManager for unit tests of the worker: a block counter, fully replicated tasks
 * with their seats, commits and reveals (a reveal must open the commitment, as on chain), a mempool
 * that {@link #mine()} includes in order, and faults to inject: reads that fail, a chain that
 * stalls, blocks that leave the mempool out, a reorg that drops a mined transaction, and per {@link
 * Writer} broadcasts that throw after signing, fail before it, or are rejected. Call data is
 * readable text ({@code commit:<task>:<commitment>}), so tests assert on what was sent.
 *
 * <p>Not thread-safe beyond {@code synchronized} methods; the worker under test runs its executions
 * on the calling thread.
 */
public final class FakeTaskChain implements TaskChain {
  /** The chain id the fake reports. */
  public static final long CHAIN_ID = 31_337;

  /** The contract address the fake reports. */
  public static final String CONTRACT = "0x" + "c0".repeat(20);

  /** A transaction: who sent it, its hash and call data, and the block it was mined in (or -1). */
  public record Tx(String from, String hash, String data, long block) {
    /** The call's name: {@code commit}, {@code reveal}, {@code abstain}, {@code finalize}. */
    public String call() {
      return data.substring(0, data.indexOf(':'));
    }
  }

  /** One fully replicated task; tests change its fields to set a scene. */
  public static final class FakeTask {
    public TaskState state = TaskState.COMMITTING;
    public long commitDeadline;
    public long revealDeadline;
    public long commitWindow;
    public long revealWindow;
    public final List<Address> workers = new ArrayList<>();
    public final List<Seat> seats = new ArrayList<>();
    public Bytes32 specDigest = Bytes32.ZERO;
    public String specUri = "http://spec.invalid/spec";
  }

  /** One seat of a {@link FakeTask}. */
  public static final class Seat {
    public Bytes32 commitment = Bytes32.ZERO;
    public Bytes32 fingerprint = Bytes32.ZERO;
    public boolean committed;
    public boolean revealed;
    public boolean abstained;
  }

  private final Map<BigInteger, FakeTask> tasks = new LinkedHashMap<>();
  private final List<Tx> mempool = new ArrayList<>();
  private final List<Tx> mined = new ArrayList<>();
  private final List<String> reverted = new ArrayList<>();
  private long block = 100;
  private long hashes;
  private boolean stalled;
  private int failingReads;
  private @Nullable ChainError simulatedError;

  /** The head block, read without faults (what the test, not the worker, sees). */
  public synchronized long head() {
    return block;
  }

  /** Mines one block with every transaction in the mempool, in order; nothing while stalled. */
  public synchronized void mine() {
    if (stalled) {
      return;
    }
    block++;
    for (Tx tx : List.copyOf(mempool)) {
      mempool.remove(tx);
      Tx included = new Tx(tx.from(), tx.hash(), tx.data(), block);
      apply(included);
      mined.add(included);
    }
  }

  /** Mines one block that leaves the mempool out (a congested chain). */
  public synchronized void mineEmpty() {
    if (!stalled) {
      block++;
    }
  }

  /** Stops ({@code true}) or resumes block production. */
  public synchronized void stall(boolean stall) {
    this.stalled = stall;
  }

  /** The next {@code count} reads of the worker throw, as an endpoint that is down does. */
  public synchronized void failReads(int count) {
    this.failingReads = count;
  }

  /** What {@link #simulate} answers for every call from now on; null for the contract's rules. */
  public synchronized void simulateAs(@Nullable ChainError error) {
    this.simulatedError = error;
  }

  /** Adds a Committing task whose seats are held by {@code workers}, in that order. */
  public synchronized FakeTask addTask(
      BigInteger taskId, long commitWindow, long revealWindow, String... workers) {
    FakeTask task = new FakeTask();
    task.commitWindow = commitWindow;
    task.revealWindow = revealWindow;
    task.commitDeadline = block + commitWindow;
    for (String worker : workers) {
      task.workers.add(Address.of(worker));
      task.seats.add(new Seat());
    }
    tasks.put(taskId, task);
    return task;
  }

  /** The task, for a test to read or change. */
  public synchronized FakeTask fakeTask(BigInteger taskId) {
    FakeTask task = tasks.get(taskId);
    if (task == null) {
      throw new IllegalArgumentException("no task " + taskId);
    }
    return task;
  }

  /**
   * A reorg: the mined transaction {@code hash} is gone from the chain and from every mempool;
   * undoes a commit's effect on its seat.
   */
  public synchronized void reorgOut(String hash) {
    Tx tx = mined.stream().filter(t -> t.hash().equals(hash)).findFirst().orElseThrow();
    mined.remove(tx);
    if (tx.call().equals("commit")) {
      FakeTask task = fakeTask(new BigInteger(tx.data().split(":")[1]));
      Seat seat = task.seats.get(task.workers.indexOf(Address.of(tx.from())));
      seat.committed = false;
      seat.commitment = Bytes32.ZERO;
      task.state = TaskState.COMMITTING;
    }
  }

  /** Every mined transaction, oldest first. */
  public synchronized List<Tx> mined() {
    return List.copyOf(mined);
  }

  /** Why mined transactions reverted, oldest first. */
  public synchronized List<String> reverted() {
    return List.copyOf(reverted);
  }

  /** A writer for the key of {@code address}. */
  public Writer writer(String address) {
    return new Writer(address);
  }

  @Override
  public String address() {
    return CONTRACT;
  }

  @Override
  public long chainId() {
    return CHAIN_ID;
  }

  @Override
  public synchronized long blockNumber() {
    read();
    return block;
  }

  @Override
  public synchronized Task task(BigInteger taskId) {
    read();
    FakeTask t = fakeTask(taskId);
    int committed = mask(t, s -> s.committed);
    return new Task(
        Address.of("0x" + "0e".repeat(20)),
        t.state,
        0,
        Mode.EXACT,
        t.seats.size(),
        t.seats.size() / 2 + 1,
        0,
        0,
        BigInteger.ONE,
        t.commitDeadline,
        t.revealDeadline,
        t.commitWindow,
        t.revealWindow,
        committed,
        mask(t, s -> s.revealed),
        0,
        0,
        Bytes32.ZERO,
        BigInteger.ZERO,
        BigInteger.ZERO,
        0,
        0,
        mask(t, s -> s.abstained),
        0,
        0,
        0,
        false);
  }

  @Override
  public synchronized Sampling sampling(BigInteger taskId) {
    read();
    return new Sampling(SamplingStage.NONE, 0, 0, 0, Sampling.NOBODY, BigInteger.ZERO, 0);
  }

  @Override
  public synchronized List<String> replicas(BigInteger taskId) {
    read();
    return fakeTask(taskId).workers.stream().map(Address::hex).toList();
  }

  @Override
  public synchronized Replica replica(BigInteger taskId, int index) {
    read();
    FakeTask t = fakeTask(taskId);
    Seat s = t.seats.get(index);
    ReplicaOutcome outcome =
        !t.state.isFinal()
            ? ReplicaOutcome.PENDING
            : s.abstained ? ReplicaOutcome.ABSTAINED : ReplicaOutcome.UNPAID;
    return new Replica(
        t.workers.get(index),
        s.revealed ? Bytes32.ZERO : s.commitment,
        s.fingerprint,
        s.committed,
        s.revealed,
        outcome,
        BigInteger.ZERO,
        BigInteger.ZERO);
  }

  @Override
  public synchronized Node node(String account) {
    read();
    return new Node(
        BigInteger.ONE, 0, 0, NodeStatus.ACTIVE, 0, 0, "", BigInteger.ZERO, 0, 0, BigInteger.ZERO);
  }

  @Override
  public synchronized TaskManager.TaskCreatedEventResponse taskCreated(BigInteger taskId) {
    read();
    FakeTask t = fakeTask(taskId);
    TaskManager.TaskCreatedEventResponse created = new TaskManager.TaskCreatedEventResponse();
    created.taskId = taskId;
    created.specDigest = t.specDigest.toArray();
    created.specURI = t.specUri;
    return created;
  }

  @Override
  public String commitData(BigInteger taskId, Bytes32 commitment) {
    return "commit:" + taskId + ":" + commitment.toHex();
  }

  @Override
  public String revealData(
      BigInteger taskId, Bytes32 resultDigest, Bytes32 fingerprint, Bytes32 salt, String uri) {
    return String.join(
        ":",
        "reveal",
        taskId.toString(),
        resultDigest.toHex(),
        fingerprint.toHex(),
        salt.toHex(),
        uri);
  }

  @Override
  public String finalizeData(BigInteger taskId) {
    return "finalize:" + taskId;
  }

  @Override
  public String startTaskData(BigInteger taskId) {
    return "startTask:" + taskId;
  }

  @Override
  public String abstainData(BigInteger taskId) {
    return "abstain:" + taskId;
  }

  @Override
  public synchronized Optional<ChainError> simulate(String from, String data, BigInteger value) {
    read();
    if (simulatedError != null) {
      return Optional.of(simulatedError);
    }
    return Optional.ofNullable(revert(new Tx(from, "", data, block + 1)));
  }

  @Override
  public Optional<ChainError> simulatePending(String from, String data, BigInteger value) {
    return simulate(from, data, value);
  }

  private void read() {
    if (failingReads > 0) {
      failingReads--;
      throw new UncheckedIOException("eth_call failed", new IOException("Connection refused"));
    }
  }

  private static int mask(FakeTask t, java.util.function.Predicate<Seat> bit) {
    int mask = 0;
    for (int i = 0; i < t.seats.size(); i++) {
      mask |= bit.test(t.seats.get(i)) ? 1 << i : 0;
    }
    return mask;
  }

  private void apply(Tx tx) {
    ChainError error = revert(tx);
    if (error != null) {
      reverted.add(tx.call() + " " + error.describe());
      return;
    }
    String[] f = tx.data().split(":", 6);
    FakeTask t = fakeTask(new BigInteger(f[1]));
    int index = t.workers.indexOf(Address.of(tx.from()));
    Seat seat = index < 0 ? new Seat() : t.seats.get(index);
    switch (tx.call()) {
      case "commit" -> {
        seat.committed = true;
        seat.commitment = Bytes32.fromHex(f[2]);
        if (t.seats.stream().allMatch(s -> s.committed || s.abstained)) {
          t.state = TaskState.REVEALING;
          t.revealDeadline = tx.block() + t.revealWindow;
        }
      }
      case "reveal" -> {
        openRevealing(t, tx.block());
        seat.revealed = true;
        seat.fingerprint = Bytes32.fromHex(f[3]);
      }
      case "abstain" -> seat.abstained = true;
      case "finalize" -> t.state = TaskState.SETTLED;
      default -> {}
    }
  }

  private static void openRevealing(FakeTask t, long at) {
    if (t.state == TaskState.COMMITTING && at > t.commitDeadline) {
      t.state = TaskState.REVEALING;
      t.revealDeadline = t.commitDeadline + t.revealWindow;
    }
  }

  /** The contract's rules, simplified: the error {@code tx} reverts with at its block, or null. */
  private @Nullable ChainError revert(Tx tx) {
    String[] f = tx.data().split(":", 6);
    BigInteger id = new BigInteger(f[1]);
    FakeTask t = tasks.get(id);
    if (t == null) {
      return new ChainError.UnknownTask(id);
    }
    Address from = Address.of(tx.from());
    int index = t.workers.indexOf(from);
    Seat seat = index < 0 ? new Seat() : t.seats.get(index);
    long at = tx.block();
    TaskState state =
        t.state == TaskState.COMMITTING && at > t.commitDeadline ? TaskState.REVEALING : t.state;
    return switch (tx.call()) {
      case "commit", "abstain" ->
          index < 0
              ? new ChainError.NotReplica(id, from)
              : state != TaskState.COMMITTING || seat.committed || seat.abstained
                  ? new ChainError.WrongState(id, t.state)
                  : null;
      case "reveal" -> {
        long last =
            t.state == TaskState.REVEALING ? t.revealDeadline : t.commitDeadline + t.revealWindow;
        if (index < 0 || !seat.committed || seat.revealed) {
          yield new ChainError.NotReplica(id, from);
        }
        if (state != TaskState.REVEALING || at > last) {
          yield new ChainError.WrongState(id, t.state);
        }
        Bytes32 opened =
            Commitment.compute(
                CHAIN_ID,
                Address.of(CONTRACT),
                id,
                from,
                Bytes32.fromHex(f[2]),
                Bytes32.fromHex(f[3]),
                Bytes32.fromHex(f[4]));
        yield opened.equals(seat.commitment)
            ? null
            : new ChainError.Other("TaskManagerCommitmentMismatch", List.of(id));
      }
      case "finalize" -> {
        boolean allRevealed = t.seats.stream().allMatch(s -> s.revealed || s.abstained);
        long last =
            t.state == TaskState.REVEALING ? t.revealDeadline : t.commitDeadline + t.revealWindow;
        yield t.state.isFinal()
            ? new ChainError.WrongState(id, t.state)
            : state == TaskState.REVEALING && (allRevealed || at > last)
                ? null
                : new ChainError.NotFinalizable(id, t.state, at);
      }
      default -> null;
    };
  }

  /** What a {@link Writer}'s next matching send does instead of succeeding. */
  public enum SendFault {
    /** Signed and broadcast, but the call throws afterwards (the answer was lost). */
    THROW_AFTER_SIGNING,
    /** Signed and queued, but not broadcast: {@link TransactionSender.NotBroadcast}. */
    NOT_BROADCAST,
    /** The endpoint is down before anything is signed: nothing is queued. */
    UNAVAILABLE,
    /** The node rejects it (every time while set): nothing is queued. */
    REJECTED
  }

  /**
   * The writer of one key: a nonce, an outbox of what it sent and is not mined yet, and faults per
   * call data prefix. Outlives a worker restart, as the on-disk outbox does.
   */
  public final class Writer implements ChainWriter {
    private final String address;
    private final List<Tx> outbox = new ArrayList<>();
    private final List<Tx> sent = new ArrayList<>();
    private final Map<String, SendFault> faults = new LinkedHashMap<>();
    private long nonce;

    private Writer(String address) {
      this.address = address.toLowerCase(Locale.ROOT);
    }

    /**
     * The next send whose call data starts with {@code prefix} ({@code "commit"}, {@code
     * "reveal:7:"}) fails so; every one while set, for {@link SendFault#REJECTED}.
     */
    public void fail(String prefix, SendFault fault) {
      synchronized (FakeTaskChain.this) {
        faults.put(prefix, fault);
      }
    }

    /** Every transaction this writer signed, oldest first. */
    public List<Tx> sent() {
      synchronized (FakeTaskChain.this) {
        return List.copyOf(sent);
      }
    }

    /** The call data of every signed {@code call}, oldest first. */
    public List<String> sent(String call) {
      return sent().stream().filter(tx -> tx.call().equals(call)).map(Tx::data).toList();
    }

    @Override
    public String address() {
      return address;
    }

    @Override
    public TransactionSender.Sent send(
        String to, BigInteger value, String data, BigInteger gasLimit) {
      synchronized (FakeTaskChain.this) {
        String key = faults.keySet().stream().filter(data::startsWith).findFirst().orElse("");
        SendFault fault =
            faults.get(key) == SendFault.REJECTED ? SendFault.REJECTED : faults.remove(key);
        if (fault == SendFault.UNAVAILABLE) {
          throw new UncheckedIOException(
              "sending transaction failed", new IOException("Connection refused"));
        }
        if (fault == SendFault.REJECTED) {
          throw new IllegalStateException("node rejected transaction: intrinsic gas too low");
        }
        Tx tx = new Tx(address, String.format(Locale.ROOT, "0x%064x", ++hashes), data, -1);
        TransactionSender.Sent receipt =
            new TransactionSender.Sent(tx.hash(), BigInteger.valueOf(nonce++));
        outbox.add(tx);
        sent.add(tx);
        if (fault == SendFault.NOT_BROADCAST) {
          throw new TransactionSender.NotBroadcast(receipt, new IOException("Connection refused"));
        }
        mempool.add(tx);
        if (fault == SendFault.THROW_AFTER_SIGNING) {
          throw new IllegalStateException("Invalid response received: 502; Bad Gateway");
        }
        return receipt;
      }
    }

    @Override
    public int settle() {
      synchronized (FakeTaskChain.this) {
        outbox.removeIf(tx -> mined.stream().anyMatch(m -> m.hash().equals(tx.hash())));
        for (Tx tx : outbox) {
          if (!mempool.contains(tx)) {
            mempool.add(tx); // re-broadcast
          }
        }
        return outbox.size();
      }
    }

    @Override
    public Map<BigInteger, String> bumpStale(Duration after) {
      return Map.of();
    }

    @Override
    public boolean hasUnmined() {
      synchronized (FakeTaskChain.this) {
        return mempool.stream().anyMatch(tx -> tx.from().equals(address));
      }
    }
  }
}
