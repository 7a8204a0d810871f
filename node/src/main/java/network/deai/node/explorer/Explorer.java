package network.deai.node.explorer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import network.deai.node.audit.Auditor;
import network.deai.node.audit.NodeAudit;
import network.deai.node.audit.TaskAudit;
import network.deai.node.chain.ChainEvent;
import network.deai.node.chain.TaskManagerClient;
import network.deai.node.domain.Node;
import network.deai.node.domain.SampleRate;
import network.deai.node.domain.Sampling;
import org.jspecify.annotations.Nullable;

/**
 * The explorer's answers as JSON, read from a {@link ChainIndex} kept up to date by {@link
 * #refresh()} and from {@link Auditor} re-checks computed on demand and cached per (record, block).
 * Every method blocks on the chain: call them from worker threads. Wei amounts are strings.
 */
public final class Explorer {
  static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(
              new SimpleModule().addSerializer(BigInteger.class, ToStringSerializer.instance));
  private static final int CACHE = 4096;

  private final TaskManagerClient client;
  private final Auditor auditor;
  private final ChainIndex index;
  private final ChainFollower follower;
  private final @Nullable JobsView jobs;
  private final Map<String, ObjectNode> audits = lru();
  private final Map<BigInteger, Boolean> verdicts = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<BigInteger, Integer> rates = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile @Nullable ObjectNode summary;

  /** An explorer of {@code client}'s contract (and of {@code jobs}' training jobs, if given). */
  public Explorer(TaskManagerClient client, @Nullable JobsView jobs) {
    this.client = client;
    this.auditor = new Auditor(client);
    this.index = new ChainIndex(client.treasury());
    this.follower = new ChainFollower(client, index, 0);
    this.jobs = jobs;
  }

  private static Map<String, ObjectNode> lru() {
    return java.util.Collections.synchronizedMap(
        new LinkedHashMap<>(256, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, ObjectNode> eldest) {
            return size() > CACHE;
          }
        });
  }

  /** The index (read-only use). */
  public ChainIndex index() {
    return index;
  }

  /** Indexes new blocks and, when the head moved, re-reads the books; returns whether it moved. */
  public boolean refresh() {
    long before = index.block();
    long head = follower.poll();
    if (head == before && summary != null) {
      return false;
    }
    Books books = Books.read(client, index, head);
    ObjectNode json = JSON.createObjectNode();
    json.put("contract", client.address());
    json.put("chainId", client.chainId());
    json.put("block", head);
    json.put("events", index.eventCount());
    json.put("tasks", index.taskCount());
    json.set("states", JSON.valueToTree(index.statesCount()));
    List<ChainIndex.Account> accounts = index.accounts();
    json.put("nodes", accounts.stream().filter(ChainIndex.Account::isNode).count());
    json.put("paid", sum(accounts, ChainIndex.Account::credited).toString());
    json.put("slashed", sum(accounts, ChainIndex.Account::slashed).toString());
    ObjectNode b = json.putObject("books");
    b.put("block", books.block());
    b.put("balance", books.balance().toString());
    b.put("stakes", books.stakes().toString());
    b.put("escrow", books.escrow().toString());
    b.put("bonds", books.bonds().toString());
    b.put("owed", books.owed().toString());
    b.put("held", books.held().toString());
    b.set(
        "check",
        check(
            new ReCheck(
                "books",
                "contract balance = stakes + open tasks' escrow + open challenges' bonds + owed"
                    + " (treasury included)",
                books.balanced()
                    ? List.of()
                    : List.of(
                        "balance "
                            + books.balance()
                            + " wei != stakes + escrow + bonds + owed "
                            + books.held()
                            + " wei (difference "
                            + books.held().subtract(books.balance())
                            + ")"))));
    summary = json;
    return true;
  }

  private static BigInteger sum(
      List<ChainIndex.Account> accounts,
      java.util.function.Function<ChainIndex.Account, BigInteger> field) {
    return accounts.stream().map(field).reduce(BigInteger.ZERO, BigInteger::add);
  }

  /** The summary of the last {@link #refresh()}, refreshing first if there was none. */
  public ObjectNode summary() {
    ObjectNode s = summary;
    if (s == null) {
      refresh();
      s = java.util.Objects.requireNonNull(summary);
    }
    return s;
  }

  /** Up to {@code limit} tasks from id {@code from} downwards (newest first). */
  public ObjectNode tasks(@Nullable BigInteger from, int limit) {
    ObjectNode json = JSON.createObjectNode();
    json.put("block", index.block());
    json.put("total", index.taskCount());
    ArrayNode list = json.putArray("tasks");
    BigInteger start = from == null ? BigInteger.valueOf(Long.MAX_VALUE) : from;
    for (ChainIndex.TaskEntry t : index.tasks(start, limit)) {
      ObjectNode row = list.addObject();
      row.put("id", t.id().toString());
      row.put("state", t.state().solidityName());
      row.put("requester", t.requester());
      row.put("fee", t.fee().toString());
      row.put("createdBlock", t.createdBlock());
      row.put("createdTx", t.createdTx());
      row.put("lastBlock", t.lastBlock());
      int rate = sampleRate(t.id());
      if (rate != 0) {
        ObjectNode sampling = row.putObject("sampling");
        sampling.put("rateBps", rate);
        sampling.put("rate", SampleRate.format(rate));
        sampling.put("mark", t.sampling());
      }
      Boolean ok = verdicts.get(t.id());
      if (ok != null) {
        row.put("audit", ok ? "pass" : "fail");
      }
    }
    return json;
  }

  /** The task's sample rate in basis points (0: fully replicated), read once: it never changes. */
  private int sampleRate(BigInteger id) {
    Integer known = rates.get(id);
    if (known == null) {
      known = client.sampling(id).sampleRateBps();
      rates.put(id, known);
    }
    return known;
  }

  /**
   * The task, its events and its re-check at the indexed block; empty when there is no such task.
   */
  public Optional<ObjectNode> task(BigInteger id) {
    Optional<ChainIndex.TaskEntry> entry = index.task(id);
    if (entry.isEmpty()) {
      return Optional.empty();
    }
    long block = index.block();
    return Optional.of(cached("task:" + id + "@" + block, () -> taskJson(entry.get(), block)));
  }

  private ObjectNode taskJson(ChainIndex.TaskEntry entry, long block) {
    TaskAudit audit = auditor.task(entry.id());
    List<ReCheck> checks = ReCheck.ofTask(audit);
    verdicts.put(entry.id(), audit.consistent());
    ObjectNode json = JSON.createObjectNode();
    json.put("block", block);
    json.put("createdTx", entry.createdTx());
    json.put("createdBlock", entry.createdBlock());
    json.set("audit", JSON.valueToTree(audit));
    json.put("ok", audit.consistent());
    json.set("checks", checks(checks));
    if (audit.sampling().sampled()) {
      json.set("sampling", sampling(client.sampling(entry.id()), block));
    }
    json.set("events", JSON.valueToTree(EventRow.of(entry.events())));
    return json;
  }

  /** What the audit does not carry: the rate as text, the window and whether it is open. */
  private static ObjectNode sampling(Sampling sampling, long block) {
    ObjectNode json = JSON.createObjectNode();
    json.put("rate", SampleRate.format(sampling.sampleRateBps()));
    json.put("validatorSeats", sampling.validators());
    json.put("challengeDeadline", sampling.challengeDeadline());
    boolean open = sampling.challengeable(block);
    json.put("windowOpen", open);
    json.put("blocksLeft", open ? sampling.challengeDeadline() - block : 0);
    json.put("describe", sampling.describe());
    return json;
  }

  /** The node's record, its events and its re-checks; empty when it never registered. */
  public Optional<ObjectNode> node(String address) {
    Optional<ChainIndex.Account> account = index.account(address);
    if (account.isEmpty() || !account.get().isNode()) {
      return Optional.empty();
    }
    long block = index.block();
    String key = "node:" + account.get().address() + "@" + block;
    return Optional.of(cached(key, () -> nodeJson(account.get(), block)));
  }

  private ObjectNode nodeJson(ChainIndex.Account flows, long block) {
    NodeAudit audit = auditor.node(flows.address());
    Node info = client.node(flows.address());
    List<ReCheck> checks = NodeChecks.of(info, client.owed(flows.address()), flows);
    ObjectNode json = JSON.createObjectNode();
    json.put("block", block);
    json.set("audit", JSON.valueToTree(audit));
    json.put("ok", checks.stream().allMatch(ReCheck::ok));
    json.set("checks", checks(checks));
    json.set("events", JSON.valueToTree(EventRow.of(flows.events())));
    return json;
  }

  /** The transaction's events as indexed; empty when none of its logs is this contract's. */
  public Optional<ObjectNode> transaction(String hash) {
    List<ChainEvent> events = index.transaction(hash);
    if (events.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode json = JSON.createObjectNode();
    json.put("hash", hash);
    json.put("block", events.get(0).block());
    json.set("events", JSON.valueToTree(EventRow.of(events)));
    return Optional.of(json);
  }

  /** The training job with its rounds and audit; empty when no jobs contract was given. */
  public Optional<ObjectNode> job(BigInteger id) {
    JobsView view = jobs;
    if (view == null) {
      return Optional.empty();
    }
    long block = index.block();
    return Optional.of(cached("job:" + id + "@" + block, () -> view.job(id)));
  }

  /** The cached answer for {@code key}, computed outside the cache's lock when missing. */
  private ObjectNode cached(String key, java.util.function.Supplier<ObjectNode> compute) {
    ObjectNode hit = audits.get(key);
    if (hit != null) {
      return hit;
    }
    ObjectNode value = compute.get();
    audits.put(key, value);
    return value;
  }

  /** An event as the API shows it: named as in the contract ("TaskCreated"). */
  record EventRow(
      long block,
      String tx,
      int logIndex,
      String name,
      BigInteger taskId,
      String account,
      BigInteger amount,
      String detail) {
    static List<EventRow> of(List<ChainEvent> events) {
      return events.stream().map(EventRow::of).toList();
    }

    private static EventRow of(ChainEvent e) {
      return new EventRow(
          e.block(),
          e.tx(),
          e.logIndex(),
          e.kind().solidityName(),
          e.taskId(),
          e.account(),
          e.amount(),
          e.detail());
    }
  }

  static ArrayNode checks(List<ReCheck> checks) {
    ArrayNode array = JSON.createArrayNode();
    checks.forEach(c -> array.add(check(c)));
    return array;
  }

  private static ObjectNode check(ReCheck c) {
    ObjectNode node = JSON.createObjectNode();
    node.put("name", c.name());
    node.put("description", c.description());
    node.put("ok", c.ok());
    node.set("failures", JSON.valueToTree(c.failures()));
    return node;
  }
}
