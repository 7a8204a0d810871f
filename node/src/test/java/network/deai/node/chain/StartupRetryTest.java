package network.deai.node.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParseException;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.file.AccessDeniedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.exceptions.ClientConnectionException;

/** Which RPC failures a start waits out, and how long it waits. */
class StartupRetryTest {
  private long now;
  private final List<Duration> waits = new ArrayList<>();

  private StartupRetry retry(Duration budget) {
    return new StartupRetry(
        budget,
        () -> now,
        d -> {
          waits.add(d);
          now += d.toNanos();
        });
  }

  @Test
  void unreachableThrottledAndGarbledEndpointsAreTransient() {
    assertThat(RpcFailures.isTransient(wrapped(new ConnectException("Connection refused"))))
        .isTrue();
    assertThat(RpcFailures.isTransient(wrapped(new SocketTimeoutException("timeout")))).isTrue();
    assertThat(RpcFailures.isTransient(wrapped(new IOException("end", new EOFException()))))
        .isTrue();
    assertThat(RpcFailures.isTransient(wrapped(new JsonParseException(null, "bad")))).isTrue();
    for (int status : new int[] {408, 429, 500, 502, 503, 504}) {
      assertThat(RpcFailures.isTransient(http(status))).as("HTTP %d", status).isTrue();
    }
  }

  @Test
  void configurationAndDiskErrorsArePermanent() {
    assertThat(RpcFailures.isTransient(new IllegalArgumentException("wrong chain id"))).isFalse();
    assertThat(RpcFailures.isTransient(wrapped(new AccessDeniedException("outbox")))).isFalse();
    assertThat(RpcFailures.isTransient(wrapped(new IOException("No space left on device"))))
        .isFalse();
    for (int status : new int[] {400, 401, 403, 404}) {
      assertThat(RpcFailures.isTransient(http(status))).as("HTTP %d", status).isFalse();
    }
  }

  @Test
  void transientFailuresAreWaitedOutWithADoublingBackoff() {
    AtomicInteger calls = new AtomicInteger();

    String answer =
        retry(Duration.ofMinutes(2))
            .call("reading the nonce", () -> calls.incrementAndGet() < 7 ? fail(503) : "ok");

    assertThat(answer).isEqualTo("ok");
    assertThat(waits)
        .extracting(Duration::toMillis)
        .containsExactly(500L, 1_000L, 2_000L, 4_000L, 8_000L, 10_000L);
  }

  @Test
  void theBudgetIsSharedByEveryStepAndEndsInOneLine() {
    StartupRetry retry = retry(Duration.ofSeconds(3));
    AtomicInteger calls = new AtomicInteger();
    retry.call("checking the chain id", () -> calls.incrementAndGet() < 3 ? fail(429) : "ok");

    assertThatThrownBy(() -> retry.call("reading the nonce", () -> fail(429)))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage(
            "the RPC endpoint kept failing while reading the nonce (Invalid response received:"
                + " 429; busy) for 3 s: check that rpc_url answers, or raise startup_retry_ms");
    assertThat(waits.stream().mapToLong(Duration::toMillis).sum()).isEqualTo(3_000L);
  }

  @Test
  void aPermanentFailureIsRethrownAtOnce() {
    IllegalArgumentException wrong = new IllegalArgumentException("wrong chain id");

    assertThatThrownBy(
            () ->
                retry(Duration.ofMinutes(2))
                    .call(
                        "checking the chain id",
                        () -> {
                          throw wrong;
                        }))
        .isSameAs(wrong);
    assertThat(waits).isEmpty();
  }

  private static String fail(int status) {
    throw http(status);
  }

  private static ClientConnectionException http(int status) {
    return new ClientConnectionException("Invalid response received: " + status + "; busy");
  }

  private static RuntimeException wrapped(IOException e) {
    return new UncheckedIOException("contract view failed: " + e.getMessage(), e);
  }
}
