package network.deai.node.domain;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Why a worker refused a task's input, as a stable code plus a human detail. Only the code enters
 * the canonical rejection document, so honest replicas that refuse the same bad input commit to the
 * same bytes and agree on chain: the requester's bad input becomes a recorded, settled outcome.
 */
public record Rejection(Code code, String detail) {
  /** Stable reasons; {@link #id()} is what goes into the rejection document. */
  public enum Code {
    MALFORMED_SPEC,
    SPEC_DIGEST_MISMATCH,
    ARTIFACT_OVERSIZED,
    ARTIFACT_DIGEST_MISMATCH,
    ARTIFACT_UNAVAILABLE,
    UNKNOWN_EXECUTOR,
    BAD_INPUT,
    MODEL_LOAD_FAILED,
    EXECUTION_FAILED,
    EXECUTION_TIMEOUT,
    MODEL_TOO_LARGE,
    UNSUPPORTED_OPERATOR,
    OUTPUT_TOO_LARGE;

    /** The code in kebab case, e.g. {@code artifact-digest-mismatch}. */
    public String id() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** Checks the detail. */
  public Rejection {
    if (detail.isBlank()) {
      throw new IllegalArgumentException("a rejection needs a detail");
    }
  }

  /** The canonical result bytes a rejecting worker commits to: {@code {"rejected":"<code>"}}. */
  public byte[] document() {
    return CanonicalJson.canonicalize("{\"rejected\":\"" + code.id() + "\"}");
  }

  /** The document as text. */
  public String documentText() {
    return new String(document(), StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return code.id() + ": " + detail;
  }
}
