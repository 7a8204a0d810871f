package network.deai.node.explorer;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import network.deai.contracts.testing.LocalChain;
import network.deai.contracts.testing.LocalChainExtension;
import network.deai.contracts.testing.TaskManagerDriver;
import network.deai.node.chain.TaskManagerClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * How fast the explorer is over many tasks ({@code -Dexplorer.bench.tasks}, 200 unless set): a few
 * settled tasks and the rest pending, made on anvil; prints {@code <name> <value>} lines for
 * indexing, the task list, a task's audit (cold and cached) and, with Chromium, the page.
 */
@ExtendWith(LocalChainExtension.class)
class ExplorerBenchIT {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void indexesAndServesManyTasksQuickly(LocalChain chain) throws Exception {
    int count = Integer.getInteger("explorer.bench.tasks", 200);
    TaskManagerDriver tm = TaskManagerDriver.deployWithNodes(chain, 6);
    ExplorerChain tasks = new ExplorerChain(chain, tm);
    long t0 = System.nanoTime();
    BigInteger settled = tasks.settled();
    tasks.withNoShow();
    tasks.pending(count - 2);
    print("bench_tasks", count);
    print("bench_chain_setup_s", (System.nanoTime() - t0) / 1e9);

    Explorer explorer =
        new Explorer(
            TaskManagerClient.connect(chain.web3j(), tm.address(), LocalChain.CHAIN_ID), null);
    long t1 = System.nanoTime();
    explorer.refresh();
    print("explorer_index_ms", (System.nanoTime() - t1) / 1e6);
    print("explorer_events", explorer.index().eventCount());
    Vertx vertx = Vertx.vertx();
    try {
      ExplorerVerticle verticle =
          new ExplorerVerticle(explorer, "127.0.0.1", 0, Duration.ofSeconds(1));
      vertx.deployVerticle(verticle).await();
      String base = "http://127.0.0.1:" + verticle.port();
      double list = median(base + "/api/tasks?limit=50", 20);
      print("api_task_list_50_median_ms", list);
      print("api_task_audit_cold_ms", time(base + "/api/tasks/" + settled));
      double cached = median(base + "/api/tasks/" + settled, 20);
      print("api_task_audit_cached_median_ms", cached);
      print("api_summary_median_ms", median(base + "/api/summary", 20));
      long t2 = System.nanoTime();
      chain.mine(1);
      explorer.refresh();
      print("explorer_new_block_refresh_ms", (System.nanoTime() - t2) / 1e6);
      page(base, settled, count);
      assertThat(list).isLessThan(500);
      assertThat(cached).isLessThan(500);
    } finally {
      vertx.close().await();
    }
  }

  private static void page(String base, BigInteger task, int newest) {
    Path driver = Path.of("/usr/bin/chromedriver");
    if (!Files.isExecutable(driver)) {
      return;
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage");
    WebDriver browser =
        new ChromeDriver(
            new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile()).build(),
            options);
    try {
      WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
      long t0 = System.nanoTime();
      browser.get(base + "/#/");
      wait.until(ExpectedConditions.presenceOfElementLocated(By.linkText("#" + newest)));
      print("page_task_list_ms", (System.nanoTime() - t0) / 1e6);
      long t1 = System.nanoTime();
      browser.get(base + "/#/task/" + task);
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("checks")));
      print("page_task_ms", (System.nanoTime() - t1) / 1e6);
    } finally {
      browser.quit();
    }
  }

  private double median(String url, int runs) throws Exception {
    double[] times = new double[runs];
    for (int i = 0; i < runs; i++) {
      times[i] = time(url);
    }
    Arrays.sort(times);
    return times[runs / 2];
  }

  private double time(String url) throws Exception {
    long t0 = System.nanoTime();
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    double ms = (System.nanoTime() - t0) / 1e6;
    assertThat(response.statusCode()).as(url + ": " + response.body()).isEqualTo(200);
    return ms;
  }

  private static void print(String name, Object value) {
    System.out.println(
        name
            + " "
            + (value instanceof Double d
                ? String.format(java.util.Locale.ROOT, "%.1f", d)
                : value));
  }
}
