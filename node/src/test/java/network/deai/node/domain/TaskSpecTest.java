package network.deai.node.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.crypto.Hashes;
import org.junit.jupiter.api.Test;

class TaskSpecTest {
  private static final String DIGEST = "ab".repeat(32);
  private static final String REF =
      "{\"digest\":\"" + DIGEST + "\",\"size\":10,\"uri\":\"http://127.0.0.1:8081/artifacts/x\"}";

  private static Outcome<TaskSpec> parse(String json) {
    return TaskSpec.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String rejection(String json) {
    return switch (parse(json)) {
      case Outcome.Rejected<TaskSpec> r ->
          r.rejection().code().id() + ": " + r.rejection().detail();
      case Outcome.Ok<TaskSpec> ok -> "accepted";
    };
  }

  @Test
  void canonicalBytesRoundTripAndFixTheDigest() {
    TaskSpec spec =
        new TaskSpec(
            "linear",
            new ArtifactRef(Bytes32.fromHex(DIGEST), 10, "http://127.0.0.1:8081/artifacts/x"),
            null,
            JsonNodeFactory.instance.objectNode().put("b", 1).put("a", 2),
            7);
    byte[] bytes = spec.canonicalBytes();
    assertThat(new String(bytes, StandardCharsets.UTF_8))
        .startsWith("{\"executor\":\"linear\",\"inputs\":{\"digest\":\"" + DIGEST)
        .contains("\"parameters\":{\"a\":2,\"b\":1},\"seed\":7,\"version\":1}");
    Outcome<TaskSpec> parsed = TaskSpec.parse(bytes);
    assertThat(parsed).isInstanceOf(Outcome.Ok.class);
    TaskSpec back = ((Outcome.Ok<TaskSpec>) parsed).value();
    assertThat(Hashes.sha256(back.canonicalBytes())).isEqualTo(Hashes.sha256(bytes));
  }

  @Test
  void rejectsMalformedSpecsWithAReason() {
    assertThat(rejection("{\"version\":1,")).startsWith("malformed-spec: not valid JSON");
    assertThat(rejection("[1]")).isEqualTo("malformed-spec: spec is not a JSON object");
    assertThat(
            rejection("{\"version\":2,\"executor\":\"linear\",\"inputs\":" + REF + ",\"seed\":1}"))
        .isEqualTo("malformed-spec: spec version must be 1");
    assertThat(
            rejection(
                "{\"version\":1,\"executor\":\"../bin/sh\",\"inputs\":" + REF + ",\"seed\":1}"))
        .startsWith("malformed-spec: executor name must match");
    assertThat(
            rejection(
                "{\"version\":1,\"executor\":\"linear\",\"inputs\":"
                    + REF
                    + ",\"seed\":1,\"x\":0}"))
        .isEqualTo("malformed-spec: unknown fields [x]");
    assertThat(
            rejection(
                "{\"version\":1,\"executor\":\"linear\",\"seed\":1,\"inputs\":"
                    + REF.replace("http://", "file://")
                    + "}"))
        .startsWith("malformed-spec: artifact URI must be http(s)");
    assertThat(
            rejection(
                "{\"version\":1,\"version\":1,\"executor\":\"linear\",\"inputs\":"
                    + REF
                    + ",\"seed\":1}"))
        .contains("Duplicate field");
    assertThat(
            rejection("{\"version\":1,\"executor\":\"linear\",\"inputs\":" + REF + ",\"seed\":1}"))
        .isEqualTo("accepted");
  }

  @Test
  void rejectionDocumentsCarryOnlyTheCode() {
    Rejection a = new Rejection(Rejection.Code.ARTIFACT_DIGEST_MISMATCH, "node A's words");
    Rejection b = new Rejection(Rejection.Code.ARTIFACT_DIGEST_MISMATCH, "node B's words");
    assertThat(a.documentText()).isEqualTo("{\"rejected\":\"artifact-digest-mismatch\"}");
    assertThat(a.document()).isEqualTo(b.document());
  }
}
