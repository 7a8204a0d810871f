package network.deai.contracts.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Checks SamplingRules against test/vectors/sampling.json, which the forge suite reads too. */
class SamplingRulesTest {
  private static final Path VECTORS = Path.of("test", "vectors", "sampling.json");
  private static final BigInteger TWO_256 = BigInteger.ONE.shiftLeft(256);
  private static final BigInteger UINT256_MAX = TWO_256.subtract(BigInteger.ONE);

  private static final JsonNode ROOT = read();

  private static JsonNode read() {
    try {
      return new ObjectMapper().readTree(VECTORS.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void sampleTagMatchesTheVectors() {
    assertThat(SamplingRules.SAMPLE_TAG.toHex()).isEqualTo(ROOT.get("sampleTag").asText());
  }

  @Test
  void decisionsMatchTheVectors() {
    JsonNode cases = ROOT.get("decisions");
    assertThat(cases).hasSize(ROOT.get("decisionCount").asInt()).hasSizeGreaterThanOrEqualTo(30);
    for (JsonNode c : cases) {
      Bytes32 seed =
          SamplingRules.seed(
              Bytes32.fromHex(c.get("blockHash").asText()),
              new BigInteger(c.get("taskId").asText()));
      assertThat(seed.toHex()).as("seed of %s", c).isEqualTo(c.get("seed").asText());
      assertThat(SamplingRules.checked(seed, c.get("rateBps").asInt()))
          .as("decision of %s", c)
          .isEqualTo(c.get("checked").asBoolean());
    }
  }

  @Test
  void vectorsHitEveryBoundary() {
    boolean checkedJustBelow = false;
    boolean uncheckedAtRate = false;
    for (JsonNode c : ROOT.get("decisions")) {
      int residue = c.get("residue").asInt();
      int rate = c.get("rateBps").asInt();
      checkedJustBelow |= residue == rate - 1 && rate > 1 && rate < SamplingRules.BPS;
      uncheckedAtRate |= residue == rate && rate > 0;
    }
    assertThat(checkedJustBelow).isTrue();
    assertThat(uncheckedAtRate).isTrue();
  }

  @Test
  void boundsMatchTheVectors() {
    JsonNode cases = ROOT.get("bounds");
    assertThat(cases).hasSize(ROOT.get("boundCount").asInt()).hasSizeGreaterThanOrEqualTo(30);
    for (JsonNode c : cases) {
      assertThat(
              SamplingRules.minRateBps(
                  new BigInteger(c.get("feePerSeat").asText()),
                  new BigInteger(c.get("slash").asText())))
          .as("bound of %s", c)
          .isEqualTo(c.get("minRateBps").asInt());
    }
  }

  @Test
  void refusesWhatTheLibraryWouldOverflowOn() {
    JsonNode cases = ROOT.get("overflows");
    assertThat(cases).hasSize(ROOT.get("overflowCount").asInt()).isNotEmpty();
    for (JsonNode c : cases) {
      BigInteger fee = new BigInteger(c.get("feePerSeat").asText());
      BigInteger slash = new BigInteger(c.get("slash").asText());
      assertThatThrownBy(() -> SamplingRules.minRateBps(fee, slash))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("overflow");
    }
  }

  @Test
  void zeroRateChecksNothingAndFullRateEverything() {
    Bytes32 lowest = Bytes32.ZERO;
    Bytes32 highest = Bytes32.fromHex("0x" + "ff".repeat(32));
    assertThat(SamplingRules.checked(lowest, 0)).isFalse();
    assertThat(SamplingRules.checked(lowest, 1)).isTrue();
    // 2^256 - 1 = 9935 (mod 10000)
    assertThat(SamplingRules.checked(highest, 9935)).isFalse();
    assertThat(SamplingRules.checked(highest, 9936)).isTrue();
    assertThat(SamplingRules.checked(highest, SamplingRules.BPS)).isTrue();
  }

  @Test
  void boundIsExactCeilingAtTheEdges() {
    assertThat(SamplingRules.minRateBps(BigInteger.ZERO, BigInteger.ZERO)).isEqualTo(10_000);
    assertThat(SamplingRules.minRateBps(BigInteger.ZERO, BigInteger.ONE)).isZero();
    assertThat(SamplingRules.minRateBps(BigInteger.ONE, BigInteger.ZERO)).isEqualTo(10_000);
    assertThat(SamplingRules.minRateBps(BigInteger.ONE, BigInteger.valueOf(3))).isEqualTo(2_500);
    assertThat(SamplingRules.minRateBps(BigInteger.ONE, BigInteger.TWO)).isEqualTo(3_334);
    assertThat(
            SamplingRules.minRateBps(
                BigInteger.ONE, UINT256_MAX.subtract(BigInteger.valueOf(10_001))))
        .isEqualTo(1);
  }

  @Test
  void refusesInputsOutsideTheirTypes() {
    Bytes32 hash = Bytes32.ZERO;
    assertThatThrownBy(() -> SamplingRules.seed(hash, BigInteger.ONE.negate()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("taskId");
    assertThatThrownBy(() -> SamplingRules.seed(hash, TWO_256))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("taskId");
    assertThatThrownBy(() -> SamplingRules.checked(hash, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rateBps");
    assertThatThrownBy(() -> SamplingRules.checked(hash, 10_001))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rateBps");
    assertThatThrownBy(() -> SamplingRules.minRateBps(BigInteger.ONE.negate(), BigInteger.ONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("feePerSeat");
    assertThatThrownBy(() -> SamplingRules.minRateBps(BigInteger.ZERO, TWO_256))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("slash");
    assertThatThrownBy(() -> SamplingRules.minRateBps(BigInteger.ZERO, BigInteger.ONE.negate()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("slash");
  }
}
