package network.deai.contracts.gen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.web3j.tx.Contract;

class GeneratedWrappersTest {

  @Test
  void everyGeneratedWrapperCarriesDeployableBytecode() throws Exception {
    List<Class<?>> wrappers = generatedWrappers();

    assertThat(wrappers).extracting(Class::getSimpleName).contains("TaskManager");
    for (Class<?> wrapper : wrappers) {
      String binary = (String) wrapper.getField("BINARY").get(null);
      assertThat(binary).as(wrapper.getName() + ".BINARY").isNotBlank().hasSizeGreaterThan(100);
    }
  }

  private static List<Class<?>> generatedWrappers()
      throws IOException, URISyntaxException, ClassNotFoundException {
    URL url = TaskManager.class.getResource("TaskManager.class");
    assertThat(url).isNotNull();
    Path dir = Path.of(url.toURI()).getParent();
    List<Class<?>> classes = new java.util.ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (name.endsWith(".class") && !name.contains("$")) {
          Class<?> type = Class.forName("network.deai.contracts.gen." + name.replace(".class", ""));
          if (Contract.class.isAssignableFrom(type)) {
            classes.add(type);
          }
        }
      }
    }
    return classes;
  }
}
