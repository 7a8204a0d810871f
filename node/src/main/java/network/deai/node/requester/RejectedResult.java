package network.deai.node.requester;

import java.util.Arrays;
import java.util.Optional;
import network.deai.node.domain.Rejection;

/**
 * A verified result that is a rejection document ({@code {"rejected":"<code>"}}): the replicas
 * agreed that the task's spec or files could not be run. Only the code is on record; each replica
 * logs its detail.
 */
public record RejectedResult(Rejection.Code code) {
  /** The rejection {@code result} is, if it is one. */
  public static Optional<RejectedResult> of(byte[] result) {
    if (result.length == 0 || result[0] != '{') {
      return Optional.empty();
    }
    return Arrays.stream(Rejection.Code.values())
        .filter(c -> Arrays.equals(new Rejection(c, "-").document(), result))
        .findFirst()
        .map(RejectedResult::new);
  }

  /** One line for the requester: the code, what it means and what to do. */
  public String line() {
    return "the replicas agreed to reject the task: "
        + code.id()
        + " ("
        + meaning()
        + "); each replica's log has the detail. Fix the spec or files and submit a new task";
  }

  /** What the code means for a requester. */
  public String meaning() {
    return switch (code) {
      case MALFORMED_SPEC ->
          "the spec is invalid: a parameter out of range, a missing model, or a bad canonical form";
      case SPEC_DIGEST_MISMATCH -> "the spec served at its URI does not match the task's digest";
      case ARTIFACT_OVERSIZED -> "the model or inputs file is larger than the replicas accept";
      case ARTIFACT_DIGEST_MISMATCH -> "the model or inputs served do not match their digest";
      case ARTIFACT_UNAVAILABLE -> "the replicas could not download the model or inputs";
      case UNKNOWN_EXECUTOR ->
          "the replicas do not run that executor, or do not declare that process command";
      case BAD_INPUT -> "the inputs are not what the executor reads: tensor names, shapes, format";
      case MODEL_LOAD_FAILED -> "the model cannot be loaded: format, tensor names or shapes";
      case EXECUTION_FAILED -> "the run failed";
      case EXECUTION_TIMEOUT -> "the run took longer than the replicas allow";
      case MODEL_TOO_LARGE -> "the model is larger than the replicas load";
      case UNSUPPORTED_OPERATOR -> "the model uses an operator ONNX Runtime does not implement";
      case OUTPUT_TOO_LARGE -> "the outputs are larger than the replicas return";
    };
  }
}
