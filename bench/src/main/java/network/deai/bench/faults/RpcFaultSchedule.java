package network.deai.bench.faults;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import network.deai.node.testing.RpcProxy;

/**
 * Every {@code periodMillis} or so, one short RPC fault on one worker's proxy, drawn from a seeded
 * random source: slow answers, HTTP 429, malformed JSON, truncated answers, or an outage (every
 * connection dropped and refused), each lasting one to three seconds.
 */
final class RpcFaultSchedule implements AutoCloseable {
  /** The kinds of fault it injects. */
  enum Kind {
    SLOW,
    TOO_MANY_REQUESTS,
    MALFORMED,
    TRUNCATED,
    OUTAGE
  }

  private final List<RpcProxy> proxies;
  private final Random random;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("rpc-faults").unstarted(r));
  private final Map<Kind, AtomicLong> injected = new ConcurrentHashMap<>();

  RpcFaultSchedule(List<RpcProxy> proxies, long seed, long periodMillis) {
    this.proxies = List.copyOf(proxies);
    this.random = new Random(seed);
    var unused =
        timer.scheduleWithFixedDelay(
            this::inject, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  /** How many faults of each kind it injected so far. */
  Map<Kind, Long> injected() {
    Map<Kind, Long> counts = new java.util.EnumMap<>(Kind.class);
    injected.forEach((kind, count) -> counts.put(kind, count.get()));
    return counts;
  }

  private void inject() {
    RpcProxy proxy = proxies.get(random.nextInt(proxies.size()));
    Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
    long millis = 1_000L + random.nextInt(2_000);
    injected.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
    switch (kind) {
      case SLOW -> {
        proxy.delay(300 + random.nextInt(1_200));
        var unused = timer.schedule(() -> proxy.delay(0), millis, TimeUnit.MILLISECONDS);
      }
      case TOO_MANY_REQUESTS -> proxy.faultFor(RpcProxy.Fault.TOO_MANY_REQUESTS, millis);
      case MALFORMED -> proxy.faultFor(RpcProxy.Fault.MALFORMED, millis);
      case TRUNCATED -> proxy.faultFor(RpcProxy.Fault.TRUNCATED, millis);
      case OUTAGE -> proxy.dropFor(millis);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
