package network.deai.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReportPageTest {
  @Test
  void aLegendNamesEveryColourOfItsChart() {
    String legend = ReportPage.legend("#48c", "settled", "#c44", "not settled");
    assertThat(legend)
        .contains("background:#48c\"></span> settled")
        .contains("background:#c44\"></span> not settled");
  }

  @Test
  void aLegendEscapesItsLabels() {
    assertThat(ReportPage.legend("#000", "<b>")).contains("&lt;b&gt;").doesNotContain("<b>");
  }

  @Test
  void aLegendNeedsColourAndLabelPairs() {
    assertThatThrownBy(() -> ReportPage.legend("#000"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
