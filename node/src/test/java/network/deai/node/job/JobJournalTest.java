package network.deai.node.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobJournalTest {
  @TempDir Path dir;

  @Test
  void entriesSurviveReopeningAndATornLastLineIsIgnored() throws Exception {
    Path file = dir.resolve("jobs.journal");
    String key = JobJournal.key(BigInteger.TWO, 3, "update");
    try (JobJournal journal = JobJournal.open(file)) {
      ObjectNode entry = JsonNodeFactory.instance.objectNode();
      entry.put("key", key);
      entry.put("salt", "ab");
      journal.append(entry);
    }
    Files.writeString(
        file, "{\"key\":\"2/4/upd", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    try (JobJournal journal = JobJournal.open(file)) {
      assertThat(journal.get(key))
          .hasValueSatisfying(e -> assertThat(e.path("salt").asText()).isEqualTo("ab"));
      assertThat(journal.get(JobJournal.key(BigInteger.TWO, 4, "update"))).isEmpty();
    }
  }
}
