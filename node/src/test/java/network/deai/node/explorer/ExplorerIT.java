package network.deai.node.explorer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import network.deai.contracts.testing.LocalChain;
import network.deai.contracts.testing.LocalChainExtension;
import network.deai.contracts.testing.TaskManagerDriver;
import network.deai.node.chain.TaskManagerClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The explorer over a real contract on anvil: its JSON API, then the page in a headless Chromium
 * (Debian's, driven by /usr/bin/chromedriver): the task list, a task with a slashed replica and
 * every re-check passing, a node, live updates as blocks arrive, and a tampered task whose verdict
 * re-check fails with its reason. Screenshots go to target/explorer-screenshots/.
 */
@ExtendWith(LocalChainExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExplorerIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path SHOTS = Path.of("target/explorer-screenshots");

  private LocalChain chain;
  private TaskManagerDriver tm;
  private ExplorerChain tasks;
  private Vertx vertx;
  private String base;
  private BigInteger settled;
  private BigInteger noShow;
  private BigInteger tampered;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void start(LocalChain localChain) {
    chain = localChain;
    tm = TaskManagerDriver.deployWithNodes(chain, 6);
    tasks = new ExplorerChain(chain, tm);
    settled = tasks.settled();
    noShow = tasks.withNoShow();
    tampered = tasks.settled();
    tasks.pending(2);
    Explorer explorer =
        new Explorer(
            TaskManagerClient.connect(chain.web3j(), tm.address(), LocalChain.CHAIN_ID), null);
    vertx = Vertx.vertx();
    ExplorerVerticle verticle =
        new ExplorerVerticle(explorer, "127.0.0.1", 0, Duration.ofMillis(200));
    vertx.deployVerticle(verticle).await();
    base = "http://127.0.0.1:" + verticle.port();
  }

  @AfterAll
  void stop() {
    vertx.close().await();
  }

  @Test
  @Order(1)
  void apiListsTasksAndReChecksTheSlashedOneAndTheBooks() throws Exception {
    JsonNode list = get("/api/tasks?limit=2");
    assertThat(list.get("total").asInt()).isEqualTo(5);
    assertThat(list.get("tasks")).hasSize(2);
    assertThat(list.get("tasks").get(0).get("id").asText()).isEqualTo("5");

    JsonNode task = get("/api/tasks/" + noShow);
    assertThat(task.get("ok").asBoolean()).isTrue();
    assertThat(task.get("checks").findValuesAsText("name"))
        .containsExactly("commitments", "selection", "verdict", "books");
    assertThat(task.get("audit").get("replicas").findValuesAsText("outcome"))
        .containsExactlyInAnyOrder("Paid", "Paid", "SlashedNoShow");

    String slashedNode = slashedWorker(task);
    JsonNode node = get("/api/nodes/" + slashedNode);
    assertThat(node.get("ok").asBoolean()).isTrue();
    assertThat(node.get("audit").get("slashCount").asInt()).isEqualTo(1);

    JsonNode summary = get("/api/summary");
    assertThat(summary.get("books").get("check").get("ok").asBoolean()).isTrue();
    assertThat(summary.get("books").get("escrow").asText())
        .isEqualTo(TaskManagerDriver.ether(2).toString()); // the two pending tasks' fees

    String tx = task.get("createdTx").asText();
    assertThat(get("/api/tx/" + tx).get("events").findValuesAsText("name")).contains("TaskCreated");
    assertThat(status("/api/tasks/99")).isEqualTo(404);
    assertThat(status("/api/nodes/0x12")).isEqualTo(400);
  }

  @Test
  @Order(2)
  void pageShowsTasksPassingReChecksLiveBlocksAndAFailedReCheck() throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM),
        "needs Debian's chromium and chromium-driver (.ci/run installs them)");
    Files.createDirectories(SHOTS);
    WebDriver browser = browser();
    try {
      WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
      browser.get(base + "/#/");
      wait.until(ExpectedConditions.presenceOfElementLocated(By.linkText("#" + noShow)));
      assertThat(browser.findElement(By.id("view")).getText()).contains("Tasks (5)", "Settled");
      shot(browser, "1-tasks");

      browser.findElement(By.linkText("#" + noShow)).click();
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("checks")));
      assertThat(browser.findElements(By.cssSelector("#checks .badge.pass"))).hasSize(4);
      assertThat(browser.findElements(By.cssSelector("#checks .badge.fail"))).isEmpty();
      assertThat(browser.findElement(By.id("view")).getText()).contains("SlashedNoShow");
      shot(browser, "2-task-pass");

      String slashed = slashedWorker(get("/api/tasks/" + noShow));
      browser.findElement(By.cssSelector("a[href='#/node/" + slashed + "']")).click();
      wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("view"), "Node"));
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("checks")));
      assertThat(browser.findElements(By.cssSelector("#checks .badge.pass"))).hasSize(3);
      shot(browser, "3-node");

      long before = Long.parseLong(browser.findElement(By.id("block")).getText());
      chain.mine(1);
      wait.until(
          ExpectedConditions.textToBe(By.id("block"), Long.toString(before + 1))); // live update

      browser.get(base + "/#/task/" + tampered);
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("checks")));
      assertThat(browser.findElements(By.cssSelector("#checks .badge.fail"))).isEmpty();
      tasks.tamperFingerprints(tampered, 3);
      // the page re-renders on the new block and shows the verdict re-check failing, with why
      wait.until(
          ExpectedConditions.presenceOfElementLocated(
              By.cssSelector("#checks .badge.fail[data-check='verdict']")));
      assertThat(browser.findElement(By.cssSelector("tr[data-name='verdict']")).getText())
          .contains("differs from the chain's");
      assertThat(browser.findElements(By.cssSelector("#checks .badge.pass"))).hasSize(3);
      shot(browser, "4-task-fail");

      browser.get(base + "/#/");
      wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#view .badge.fail")));
      shot(browser, "5-tasks-after");
    } finally {
      browser.quit();
    }
  }

  static WebDriver browser() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000");
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    return new ChromeDriver(service, options);
  }

  static void shot(WebDriver browser, String name) throws IOException {
    byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
    Files.write(SHOTS.resolve(name + ".png"), png);
  }

  private static String slashedWorker(JsonNode task) {
    for (JsonNode r : task.get("audit").get("replicas")) {
      if (r.get("outcome").asText().equals("SlashedNoShow")) {
        return r.get("worker").asText();
      }
    }
    throw new AssertionError("no slashed replica in " + task);
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(base + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private int status(String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(base + path)).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
