package network.deai.node.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import network.deai.contracts.abi.Bytes32;
import org.junit.jupiter.api.Test;

/**
 * The off-chain replay of the contract's draw. That it matches the contract bit for bit is checked
 * by every task audit in the anvil tests (WorkerNodeIT, TaskEscalationIT): a draw that differs is
 * reported as a problem there. These tests pin the rules that do not depend on the hash.
 */
class SelectionDrawTest {
  private static final Bytes32 SEED = Bytes32.fromLongs(7, 7, 7, 7);
  private static final SelectionDraw.Requirements ANY =
      new SelectionDraw.Requirements(0, 0, BigInteger.ONE);

  @Test
  void drawsDistinctNodesAndTheWholeSetWhenAllAreWanted() {
    List<SelectionDraw.Candidate> set = set(5, 1024, 1, BigInteger.ZERO);

    List<String> all = SelectionDraw.draw(set, 5, SEED, ANY);
    assertThat(all).hasSize(5).doesNotHaveDuplicates();
    assertThat(all)
        .containsExactlyInAnyOrderElementsOf(set.stream().map(c -> c.address()).toList());
    assertThat(SelectionDraw.draw(set, 3, SEED, ANY)).isEqualTo(all.subList(0, 3));
  }

  @Test
  void theSameSeedDrawsTheSameNodesAndAnotherSeedUsuallyOthers() {
    List<SelectionDraw.Candidate> set = set(30, 1024, 1, BigInteger.ZERO);

    assertThat(SelectionDraw.draw(set, 3, SEED, ANY))
        .isEqualTo(SelectionDraw.draw(set, 3, SEED, ANY));
    assertThat(SelectionDraw.draw(set, 3, Bytes32.fromLongs(1, 2, 3, 4), ANY))
        .isNotEqualTo(SelectionDraw.draw(set, 3, SEED, ANY));
  }

  @Test
  void skipsNodesThatDoNotDeclareWhatTheWorkNeeds() {
    List<SelectionDraw.Candidate> set = new ArrayList<>(set(4, 512, 1, BigInteger.ZERO));
    set.add(
        new SelectionDraw.Candidate(
            "0x00000000000000000000000000000000000000aa", 4096, 3, BigInteger.ZERO));
    set.add(
        new SelectionDraw.Candidate(
            "0x00000000000000000000000000000000000000bb", 4096, 3, BigInteger.ZERO));

    List<String> picked =
        SelectionDraw.draw(set, 2, SEED, new SelectionDraw.Requirements(2048, 2, BigInteger.ONE));
    assertThat(picked)
        .containsExactlyInAnyOrder(
            "0x00000000000000000000000000000000000000aa",
            "0x00000000000000000000000000000000000000bb");
    assertThat(
            SelectionDraw.draw(set, 1, SEED, new SelectionDraw.Requirements(0, 0, BigInteger.ZERO)))
        .as("no node works below its minimum fee")
        .hasSize(1);
    List<SelectionDraw.Candidate> pricey = set(3, 4096, 1, BigInteger.TEN);
    assertThat(
            SelectionDraw.draw(
                pricey, 1, SEED, new SelectionDraw.Requirements(0, 0, BigInteger.ONE)))
        .isEmpty();
  }

  @Test
  void picksNobodyWhenTheSetIsTooSmallOrTooManyAreSkipped() {
    assertThat(SelectionDraw.draw(set(2, 1024, 1, BigInteger.ZERO), 3, SEED, ANY)).isEmpty();
    List<SelectionDraw.Candidate> mostlySmall = new ArrayList<>(set(20, 512, 1, BigInteger.ZERO));
    mostlySmall.add(
        new SelectionDraw.Candidate(
            "0x00000000000000000000000000000000000000cc", 4096, 1, BigInteger.ZERO));
    List<String> picked =
        SelectionDraw.draw(
            mostlySmall, 1, SEED, new SelectionDraw.Requirements(2048, 0, BigInteger.ONE));
    // Either the capable node comes up within MAX_SKIPS draws, or nobody is picked.
    assertThat(picked).isIn(List.of(), List.of("0x00000000000000000000000000000000000000cc"));
  }

  private static List<SelectionDraw.Candidate> set(
      int n, long vram, int executors, BigInteger fee) {
    List<SelectionDraw.Candidate> set = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      set.add(new SelectionDraw.Candidate(String.format("0x%040x", i + 1), vram, executors, fee));
    }
    return set;
  }
}
