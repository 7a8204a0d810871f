package network.deai.node.exec;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import network.deai.node.domain.ArtifactRef;
import network.deai.node.domain.Outcome;
import network.deai.node.domain.Rejection;
import org.jspecify.annotations.Nullable;

/**
 * One response body, received on the HTTP client's threads and read on the fetching thread, which
 * waits for each piece no longer than the download's deadline or its next rate check allows: an
 * origin that goes silent or trickles ends the read with a reason instead of blocking it (a
 * blocking {@code InputStream} read has no timeout once the headers are in). One piece is requested
 * at a time, so a fast origin cannot queue more than one piece beyond the size cap.
 */
final class BoundedBody implements Flow.Subscriber<List<ByteBuffer>> {
  private sealed interface Signal permits Piece, End, Failure {}

  private record Piece(List<ByteBuffer> buffers) implements Signal {}

  private record End() implements Signal {}

  private record Failure(Throwable cause) implements Signal {}

  private final BlockingQueue<Signal> signals = new LinkedBlockingQueue<>();
  private final AtomicReference<Flow.@Nullable Subscription> subscription = new AtomicReference<>();
  private final AtomicBoolean cancelled = new AtomicBoolean();

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription.set(s);
    if (cancelled.get()) {
      s.cancel();
    } else {
      s.request(1);
    }
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    signals.add(new Piece(buffers));
  }

  @Override
  public void onError(Throwable cause) {
    signals.add(new Failure(cause));
  }

  @Override
  public void onComplete() {
    signals.add(new End());
  }

  /** Stops the transfer; the connection is released. */
  void cancel() {
    cancelled.set(true);
    Flow.Subscription s = subscription.get();
    if (s != null) {
      s.cancel();
    }
  }

  /**
   * The body of {@code ref}, at most {@code ref.size()} bytes, complete by {@code deadlineNanos} (a
   * {@link System#nanoTime()} instant) and never slower than {@code limits} allow; otherwise the
   * transfer is cancelled and the rejection says why.
   */
  Outcome<byte[]> read(ArtifactRef ref, long deadlineNanos, FetchLimits limits)
      throws InterruptedException {
    try {
      return receive(ref, deadlineNanos, limits);
    } catch (InterruptedException e) {
      cancel();
      throw e;
    }
  }

  private Outcome<byte[]> receive(ArtifactRef ref, long deadlineNanos, FetchLimits limits)
      throws InterruptedException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long windowNanos = limits.rateWindow().toNanos();
    long windowStart = System.nanoTime();
    int windowStartSize = 0;
    while (true) {
      long now = System.nanoTime();
      String stop =
          overLimit(
              ref,
              limits,
              now - deadlineNanos,
              out.size(),
              out.size() - windowStartSize,
              now - windowStart);
      if (stop != null) {
        cancel();
        return Outcome.rejected(Rejection.Code.ARTIFACT_UNAVAILABLE, stop);
      }
      if (now - windowStart >= windowNanos) {
        windowStart = now;
        windowStartSize = out.size();
      }
      long wait = Math.min(deadlineNanos, windowStart + windowNanos) - now;
      Outcome<byte[]> done = take(ref, signals.poll(Math.max(wait, 1), TimeUnit.NANOSECONDS), out);
      if (done != null) {
        return done;
      }
    }
  }

  /** Takes in {@code signal}: the outcome if it ends the body, null while more is to come. */
  private @Nullable Outcome<byte[]> take(
      ArtifactRef ref, @Nullable Signal signal, ByteArrayOutputStream out) {
    return switch (signal) {
      case null -> null;
      case Piece piece -> {
        copy(piece, out);
        if (out.size() > ref.size()) {
          cancel();
          yield Outcome.rejected(
              Rejection.Code.ARTIFACT_OVERSIZED,
              ref.uri() + " sent more than the declared " + ref.size() + " bytes");
        }
        requestNext();
        yield null;
      }
      case End end -> Outcome.ok(out.toByteArray());
      case Failure failure ->
          Outcome.rejected(
              Rejection.Code.ARTIFACT_UNAVAILABLE,
              "cannot fetch " + ref.uri() + ": " + failure.cause().getMessage());
    };
  }

  /** Why the transfer must stop now, or null while it is within its deadline and rate. */
  private static @Nullable String overLimit(
      ArtifactRef ref,
      FetchLimits limits,
      long pastDeadlineNanos,
      long received,
      long windowBytes,
      long windowElapsedNanos) {
    if (pastDeadlineNanos >= 0) {
      return ref.uri()
          + " missed the download deadline of "
          + limits.deadline()
          + " ("
          + received
          + " of "
          + ref.size()
          + " bytes received)";
    }
    boolean windowOver = windowElapsedNanos >= limits.rateWindow().toNanos();
    if (windowOver && windowBytes < limits.minBytesPerSecond() * (windowElapsedNanos / 1e9)) {
      return ref.uri()
          + " sent "
          + windowBytes
          + " bytes in "
          + limits.rateWindow()
          + ", below the minimum rate of "
          + limits.minBytesPerSecond()
          + " bytes/s";
    }
    return null;
  }

  private static void copy(Piece piece, ByteArrayOutputStream out) {
    for (ByteBuffer buffer : piece.buffers()) {
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      out.write(bytes, 0, bytes.length);
    }
  }

  private void requestNext() {
    Flow.Subscription s = subscription.get();
    if (s != null) {
      s.request(1);
    }
  }
}
