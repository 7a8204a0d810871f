package network.deai.node.explorer;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import network.deai.node.chain.ChainEvent;
import network.deai.node.domain.SamplingEvent;
import network.deai.node.domain.TaskState;
import org.jspecify.annotations.Nullable;

/**
 * What the explorer knows from a TaskManager's events up to {@link #block()}: every task (its state
 * as events tell it, its events), every account's flows (registered stake, top-ups, slashes,
 * credits, withdrawals) and every transaction's events. It only grows; {@link #add} ignores an
 * event it has already seen (same transaction and log index), so a range read twice does no harm.
 * Safe to read from any thread.
 */
public final class ChainIndex {
  private final TreeMap<BigInteger, TaskEntry> tasks = new TreeMap<>();
  private final Map<String, Account> accounts = new HashMap<>();
  private final Map<String, List<ChainEvent>> transactions = new HashMap<>();
  private final Set<String> seen = new HashSet<>();
  private long block = -1;
  private int events;

  /** A task as its events tell it. */
  public record TaskEntry(
      BigInteger id,
      String requester,
      BigInteger fee,
      long createdBlock,
      String createdTx,
      TaskState state,
      long lastBlock,
      List<ChainEvent> events) {
    /** Copies the events. */
    public TaskEntry {
      events = List.copyOf(events);
    }

    /** Whether a {@code TaskFinalized} event ended it (its fee left the escrow). */
    public boolean isFinal() {
      return events.stream().anyMatch(e -> e.kind() == ChainEvent.Kind.TASK_FINALIZED);
    }

    /**
     * The task's sampled-validation mark as its events tell it: "" for a fully replicated task or
     * one whose check is not decided yet, then "checked" or "unchecked" ({@code TaskSampled}),
     * "challenged" ({@code TaskChallenged}) and "challenged, upheld|rejected|neither" once the
     * challenge is resolved.
     */
    public String sampling() {
      String mark = "";
      for (ChainEvent e : events) {
        mark =
            switch (e.sampling()) {
              case null -> mark;
              case SamplingEvent.Sampled s -> s.checked() ? "checked" : "unchecked";
              case SamplingEvent.Challenged c -> "challenged";
              case SamplingEvent.ChallengeResolved r ->
                  "challenged, "
                      + (r.upheld()
                          ? "upheld"
                          : r.toRequester().signum() > 0 ? "rejected" : "neither");
            };
      }
      return mark;
    }

    /** The bond of a challenge not resolved yet, which the contract holds (0 when none). */
    public BigInteger openBond() {
      BigInteger bond = BigInteger.ZERO;
      for (ChainEvent e : events) {
        if (e.sampling() instanceof SamplingEvent.Challenged c) {
          bond = c.bond();
        } else if (e.sampling() instanceof SamplingEvent.ChallengeResolved) {
          bond = BigInteger.ZERO;
        }
      }
      return bond;
    }

    TaskEntry with(ChainEvent e) {
      List<ChainEvent> all = new ArrayList<>(events);
      all.add(e);
      @Nullable TaskState finalState = e.finalState();
      TaskState next =
          switch (e.kind()) {
            case TASK_STARTED -> TaskState.COMMITTING;
            case REVEAL_OPENED -> TaskState.REVEALING;
            case TASK_ESCALATED, TASK_PENDING -> TaskState.PENDING;
            case TASK_FINALIZED -> finalState == null ? state : finalState;
            default -> state;
          };
      return new TaskEntry(
          id, requester, fee, createdBlock, createdTx, next, Math.max(lastBlock, e.block()), all);
    }
  }

  /** An account's flows through the contract, summed from events. */
  public record Account(
      String address,
      long registeredBlock,
      BigInteger stakeIn,
      BigInteger slashed,
      int slashes,
      BigInteger stakeOut,
      BigInteger credited,
      BigInteger withdrawn,
      List<ChainEvent> events) {
    /** Copies the events. */
    public Account {
      events = List.copyOf(events);
    }

    static Account empty(String address) {
      BigInteger z = BigInteger.ZERO;
      return new Account(address, -1, z, z, 0, z, z, z, List.of());
    }

    /** Whether the account registered as a node. */
    public boolean isNode() {
      return registeredBlock >= 0;
    }

    Account with(ChainEvent e, boolean treasury) {
      List<ChainEvent> all = new ArrayList<>(events);
      all.add(e);
      BigInteger a = e.amount();
      return switch (e.kind()) {
        case NODE_REGISTERED ->
            new Account(
                address,
                e.block(),
                stakeIn.add(a),
                slashed,
                slashes,
                stakeOut,
                credited,
                withdrawn,
                all);
        case NODE_REACTIVATED ->
            new Account(
                address,
                registeredBlock,
                stakeIn.add(a),
                slashed,
                slashes,
                stakeOut,
                credited,
                withdrawn,
                all);
        case REPLICA_SLASHED ->
            new Account(
                address,
                registeredBlock,
                stakeIn,
                slashed.add(a),
                slashes + 1,
                stakeOut,
                credited,
                withdrawn,
                all);
        case NODE_STAKE_WITHDRAWN ->
            new Account(
                address,
                registeredBlock,
                stakeIn,
                slashed,
                slashes,
                stakeOut.add(a),
                credited,
                withdrawn,
                all);
        case REPLICA_PAID, REQUESTER_CREDITED, CHALLENGE_RESOLVED -> credit(a, all);
        case TREASURY_CREDITED -> treasury ? credit(a, all) : this;
        case WITHDRAWN ->
            new Account(
                address,
                registeredBlock,
                stakeIn,
                slashed,
                slashes,
                stakeOut,
                credited,
                withdrawn.add(a),
                all);
        default ->
            new Account(
                address,
                registeredBlock,
                stakeIn,
                slashed,
                slashes,
                stakeOut,
                credited,
                withdrawn,
                all);
      };
    }

    /** Credits {@code amount} of {@code e} to the task's requester (adding {@code e} once). */
    Account requesterCredit(ChainEvent e, BigInteger amount) {
      List<ChainEvent> all = new ArrayList<>(events);
      if (!all.contains(e)) {
        all.add(e);
      }
      return credit(amount, all);
    }

    private Account credit(BigInteger amount, List<ChainEvent> all) {
      return new Account(
          address,
          registeredBlock,
          stakeIn,
          slashed,
          slashes,
          stakeOut,
          credited.add(amount),
          withdrawn,
          all);
    }
  }

  private final String treasury;

  /** An empty index of a contract whose treasury is {@code treasury}. */
  public ChainIndex(String treasury) {
    this.treasury = treasury.toLowerCase(java.util.Locale.ROOT);
  }

  /** The treasury's address, lower-case. */
  public String treasury() {
    return treasury;
  }

  /** Adds one event (ignored when already seen). */
  public synchronized void add(ChainEvent e) {
    if (!seen.add(e.tx() + ":" + e.logIndex())) {
      return;
    }
    events++;
    transactions.computeIfAbsent(e.tx(), t -> new ArrayList<>()).add(e);
    if (e.kind() == ChainEvent.Kind.TASK_CREATED) {
      tasks.put(
          e.taskId(),
          new TaskEntry(
              e.taskId(),
              e.account(),
              e.amount(),
              e.block(),
              e.tx(),
              TaskState.PENDING,
              e.block(),
              List.of(e)));
    } else if (e.taskId().signum() > 0) {
      tasks.computeIfPresent(e.taskId(), (id, t) -> t.with(e));
    }
    if (!e.account().isEmpty()) {
      accounts.merge(
          e.account(), Account.empty(e.account()).with(e, false), (old, x) -> old.with(e, false));
    }
    if (e.sampling() instanceof SamplingEvent.ChallengeResolved r && r.toRequester().signum() > 0) {
      TaskEntry task = tasks.get(e.taskId());
      if (task != null) {
        BigInteger bond = r.toRequester();
        accounts.merge(
            task.requester(),
            Account.empty(task.requester()).requesterCredit(e, bond),
            (old, x) -> old.requesterCredit(e, bond));
      }
    }
    if (e.kind() == ChainEvent.Kind.TREASURY_CREDITED) {
      accounts.merge(
          treasury, Account.empty(treasury).with(e, true), (old, x) -> old.with(e, true));
    }
  }

  /** Records that every event up to {@code indexed} was added. */
  public synchronized void indexedThrough(long indexed) {
    block = Math.max(block, indexed);
  }

  /** The last block whose events are all in the index (-1 before the first). */
  public synchronized long block() {
    return block;
  }

  /** How many distinct events were added. */
  public synchronized int eventCount() {
    return events;
  }

  /** How many tasks were created. */
  public synchronized int taskCount() {
    return tasks.size();
  }

  /** Up to {@code limit} tasks, newest first, starting at id {@code from} (inclusive) downwards. */
  public synchronized List<TaskEntry> tasks(BigInteger from, int limit) {
    List<TaskEntry> page = new ArrayList<>();
    for (TaskEntry t : tasks.headMap(from, true).descendingMap().values()) {
      if (page.size() >= limit) {
        break;
      }
      page.add(t);
    }
    return page;
  }

  /** The task with {@code id}, if it was created. */
  public synchronized Optional<TaskEntry> task(BigInteger id) {
    return Optional.ofNullable(tasks.get(id));
  }

  /** Every task not finalized by an event, whose fee the contract still escrows. */
  public synchronized List<TaskEntry> openTasks() {
    return tasks.values().stream().filter(t -> !t.isFinal()).toList();
  }

  /** The bonds of every challenge not resolved yet, which the contract holds. */
  public synchronized BigInteger openBonds() {
    return tasks.values().stream()
        .map(TaskEntry::openBond)
        .reduce(BigInteger.ZERO, BigInteger::add);
  }

  /** Task counts by state. */
  public synchronized Map<String, Integer> statesCount() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    tasks.values().forEach(t -> counts.merge(t.state().solidityName(), 1, Integer::sum));
    return counts;
  }

  /** The account's flows, if any event named it. */
  public synchronized Optional<Account> account(String address) {
    return Optional.ofNullable(accounts.get(address.toLowerCase(java.util.Locale.ROOT)));
  }

  /** Every account an event named, the treasury included. */
  public synchronized List<Account> accounts() {
    return List.copyOf(accounts.values());
  }

  /** The events of transaction {@code hash}, in log order (empty when unknown). */
  public synchronized List<ChainEvent> transaction(String hash) {
    return List.copyOf(
        transactions.getOrDefault(hash.toLowerCase(java.util.Locale.ROOT), List.of()));
  }
}
