package network.deai.node.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Map;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.crypto.Hashes;
import network.deai.verifier.domain.canonical.LabelEncoding;
import network.deai.verifier.domain.fingerprint.SimHash;
import org.junit.jupiter.api.Test;

class ResultFingerprintTest {
  private static final ArtifactRef REF = new ArtifactRef(Bytes32.ZERO, 1, "http://x/a");
  private static final byte[] OUTPUTS =
      Safetensors.write(
          Map.of(
              "b", new Safetensors.Tensor(new int[] {1, 3, 2}, new float[] {0, 1, 0, 1, 1, 0}),
              "a", new Safetensors.Tensor(new int[] {2}, new float[] {5, 6})));

  private static TaskSpec spec(String executor, String canonical) {
    return new TaskSpec(
        executor, REF, REF, JsonNodeFactory.instance.objectNode().put("canonical", canonical), 9);
  }

  private static Bytes32 ok(Outcome<Bytes32> outcome) {
    return ((Outcome.Ok<Bytes32>) outcome).value();
  }

  @Test
  void exactRawResultsAndRejectionsAreTheSha256OfTheBytes() {
    byte[] rejection = new Rejection(Rejection.Code.BAD_INPUT, "x").document();
    assertThat(ok(ResultFingerprint.of(spec("onnx", "raw"), false, OUTPUTS)))
        .isEqualTo(Hashes.sha256(OUTPUTS));
    assertThat(ok(ResultFingerprint.of(spec("linear", "ctc"), false, OUTPUTS)))
        .isEqualTo(Hashes.sha256(OUTPUTS));
    assertThat(ok(ResultFingerprint.of(null, false, OUTPUTS))).isEqualTo(Hashes.sha256(OUTPUTS));
    assertThat(ok(ResultFingerprint.of(spec("onnx", "ctc"), false, rejection)))
        .isEqualTo(Hashes.sha256(rejection));
    assertThat(ok(ResultFingerprint.of(null, true, rejection))).isEqualTo(Hashes.sha256(rejection));
    assertThat(ResultFingerprint.of(null, true, OUTPUTS)).isInstanceOf(Outcome.Rejected.class);
  }

  @Test
  void labelFormsHashTheirLabelEncodingInBothModes() {
    byte[] labels = LabelEncoding.encode(Map.of("a", new int[][] {{}}, "b", new int[][] {{1, 1}}));
    byte[] argmax =
        LabelEncoding.encode(Map.of("a", new int[][] {{1}}, "b", new int[][] {{1}, {1}, {0}}));

    for (boolean similar : new boolean[] {false, true}) {
      assertThat(ok(ResultFingerprint.of(spec("onnx", "ctc"), similar, withCtcShapes())))
          .isEqualTo(Hashes.sha256(labels));
      assertThat(ok(ResultFingerprint.of(spec("onnx", "argmax"), similar, OUTPUTS)))
          .isEqualTo(Hashes.sha256(argmax));
    }
  }

  @Test
  void similarRawIsTheSimHashOfTheOutputsInNameOrder() {
    float[] all = {5, 6, 0, 1, 0, 1, 1, 0};
    assertThat(ok(ResultFingerprint.of(spec("onnx", "raw"), true, OUTPUTS)))
        .isEqualTo(new SimHash(9).fingerprint(all));
    byte[] vector = ResultVector.encode(all);
    assertThat(ok(ResultFingerprint.of(spec("linear", "ctc"), true, vector)))
        .as("other executors ignore canonical")
        .isEqualTo(new SimHash(9).fingerprint(all));
  }

  @Test
  void aFormThatDoesNotFitIsAMalformedSpec() {
    for (boolean similar : new boolean[] {false, true}) {
      var outcome = ResultFingerprint.of(spec("onnx", "top-k:3"), similar, OUTPUTS);
      assertThat(((Outcome.Rejected<Bytes32>) outcome).rejection().code())
          .isEqualTo(Rejection.Code.MALFORMED_SPEC);
    }
    assertThat(ResultFingerprint.of(spec("onnx", "nope"), true, OUTPUTS))
        .isInstanceOf(Outcome.Rejected.class);
  }

  /** "a" [T=1, C=2] picks the blank (no labels); "b" [1, 3, 2] picks 1, blank, 1: [1, 1]. */
  @Test
  void onlyLabelFormsOfTensorExecutorsAreNotSimHash() {
    assertThat(ResultFingerprint.isSimHash(spec("linear", "raw"))).isTrue();
    assertThat(ResultFingerprint.isSimHash(spec("onnx", "raw"))).isTrue();
    assertThat(ResultFingerprint.isSimHash(spec("onnx", "no-such-form"))).isTrue();
    assertThat(ResultFingerprint.isSimHash(spec("onnx", "ctc"))).isFalse();
    assertThat(ResultFingerprint.isSimHash(spec("onnx", "argmax"))).isFalse();
    assertThat(ResultFingerprint.isSimHash(spec("onnx", "top-k:3"))).isFalse();
  }

  private static byte[] withCtcShapes() {
    return Safetensors.write(
        Map.of(
            "b", new Safetensors.Tensor(new int[] {1, 3, 2}, new float[] {0, 1, 1, 0, 0, 1}),
            "a", new Safetensors.Tensor(new int[] {1, 2}, new float[] {6, 5})));
  }
}
