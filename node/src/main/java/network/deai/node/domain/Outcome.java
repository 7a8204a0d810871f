package network.deai.node.domain;

/**
 * The result of a step that bad input can make fail: a value, or a {@link Rejection} that the
 * worker records and commits to instead of crashing.
 */
public sealed interface Outcome<T> {
  /** The step produced a value. */
  record Ok<T>(T value) implements Outcome<T> {}

  /** The step refused its input. */
  record Rejected<T>(Rejection rejection) implements Outcome<T> {}

  /** A value. */
  static <T> Outcome<T> ok(T value) {
    return new Ok<>(value);
  }

  /** A rejection with {@code code} and {@code detail}. */
  static <T> Outcome<T> rejected(Rejection.Code code, String detail) {
    return new Rejected<>(new Rejection(code, detail));
  }
}
