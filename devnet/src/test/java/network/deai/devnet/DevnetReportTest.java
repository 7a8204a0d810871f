package network.deai.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class DevnetReportTest {
  @Test
  void saysSoWhenBlocksPassedWithoutOneBooksCheck() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("booksChecks", 0).put("blocks", 136).put("booksError", "connection refused");

    assertThat(new DevnetReport(json).booksUnchecked())
        .hasValueSatisfying(
            line ->
                assertThat(line)
                    .startsWith("BOOKS NOT CHECKED")
                    .contains("136 blocks")
                    .contains("connection refused"));
  }

  @Test
  void isQuietOnceTheBooksWereChecked() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("booksChecks", 1).put("blocks", 136);

    assertThat(new DevnetReport(json).booksUnchecked()).isEmpty();
  }
}
