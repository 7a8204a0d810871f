package network.deai.node.explorer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
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
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.web3j.crypto.Credentials;

/**
 * The explorer over sampled tasks on anvil: a task sampled at 100% (checked, its two validators
 * shown and linked, the decision recomputed and passing), one challenged and rejected (the bond
 * went to the requester), one unchecked in its open challenge window that is challenged while the
 * page is open (live update, the held bond in the books), and one whose stored check decision is
 * tampered so that the decision re-check fails. Screenshots go to target/explorer-screenshots/.
 */
@ExtendWith(LocalChainExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExplorerSampledIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private LocalChain chain;
  private ExplorerChain tasks;
  private Credentials challenger;
  private Vertx vertx;
  private String base;
  private BigInteger checked;
  private BigInteger tampered;
  private BigInteger challenged;
  private BigInteger open;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void start(LocalChain localChain) throws Exception {
    chain = localChain;
    TaskManagerDriver tm = TaskManagerDriver.deployWithNodes(chain, 6);
    tasks = new ExplorerChain(chain, tm);
    challenger = chain.account(chain.accountCount() - 2);
    checked = tasks.sampledChecked();
    tampered = tasks.sampledChecked();
    challenged = tasks.challengedRejected(challenger);
    open = tasks.sampledUnchecked(200);
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
  void apiMarksSampledTasksAndReChecksTheirDecisionAndChallenge() throws Exception {
    JsonNode list = get("/api/tasks");
    assertThat(mark(list, checked)).isEqualTo("100% checked");
    assertThat(mark(list, challenged)).isEqualTo("0.01% challenged, rejected");
    assertThat(mark(list, open)).isEqualTo("0.01% unchecked");

    JsonNode task = get("/api/tasks/" + checked);
    assertThat(task.get("ok").asBoolean()).as(task.toString()).isTrue();
    assertThat(task.get("checks").findValuesAsText("name"))
        .containsExactly("commitments", "selection", "verdict", "books", "decision", "challenge");
    JsonNode sampling = task.get("audit").get("sampling");
    assertThat(sampling.get("stage").asText()).isEqualTo("Checked");
    assertThat(sampling.get("recomputedChecked").asBoolean()).isTrue();
    assertThat(sampling.get("validators")).hasSize(2);
    assertThat(task.get("sampling").get("windowOpen").asBoolean()).isFalse();

    JsonNode rejected = get("/api/tasks/" + challenged);
    assertThat(rejected.get("ok").asBoolean()).as(rejected.toString()).isTrue();
    JsonNode challenge = rejected.get("audit").get("sampling");
    assertThat(challenge.get("outcome").asText()).isEqualTo("rejected");
    assertThat(challenge.get("challenger").asText()).isEqualToIgnoringCase(challenger.getAddress());
    assertThat(challenge.get("toRequester").asText()).isEqualTo(challenge.get("bond").asText());

    JsonNode window = get("/api/tasks/" + open).get("sampling");
    assertThat(window.get("windowOpen").asBoolean()).isTrue();
    assertThat(window.get("blocksLeft").asLong()).isPositive();

    JsonNode books = get("/api/summary").get("books");
    assertThat(books.get("check").get("ok").asBoolean()).as(books.toString()).isTrue();
  }

  @Test
  @Order(2)
  void pageShowsSamplingStageDecisionValidatorsChallengeAndAFailedDecision() throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(ExplorerIT.CHROMEDRIVER) && Files.isExecutable(ExplorerIT.CHROMIUM),
        "needs Debian's chromium and chromium-driver (.ci/run installs them)");
    Files.createDirectories(ExplorerIT.SHOTS);
    WebDriver browser = ExplorerIT.browser();
    try {
      WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
      browser.get(base + "/#/");
      wait.until(ExpectedConditions.presenceOfElementLocated(By.linkText("#" + checked)));
      assertThat(browser.findElements(By.cssSelector("[data-sampling='checked']"))).hasSize(2);
      assertThat(browser.findElements(By.cssSelector("[data-sampling='unchecked']"))).hasSize(1);
      assertThat(browser.findElements(By.cssSelector("[data-sampling='challenged, rejected']")))
          .hasSize(1);
      ExplorerIT.shot(browser, "sampled-1-tasks");

      browser.findElement(By.linkText("#" + checked)).click();
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("sampling")));
      String table = browser.findElement(By.id("sampling")).getText();
      assertThat(table).contains("Checked", "100% (10000 bps)", "recomputed decision checked");
      assertThat(browser.findElements(By.cssSelector("#checks .badge.pass"))).hasSize(6);
      assertThat(browser.findElements(By.cssSelector(".badge.fail"))).isEmpty();
      assertThat(
              browser.findElements(By.cssSelector("#sampling .badge.pass[data-check='decision']")))
          .hasSize(1);
      assertThat(browser.findElements(By.cssSelector("#validators a"))).hasSize(2);
      ExplorerIT.shot(browser, "sampled-2-task-checked");
      WebElement validator = browser.findElements(By.cssSelector("#validators a")).get(0);
      String node = String.valueOf(validator.getDomAttribute("href")).replace("#/node/", "");
      validator.click();
      wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("view"), node));

      browser.get(base + "/#/task/" + challenged);
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("challenge")));
      assertThat(browser.findElement(By.id("challenge-outcome")).getText()).isEqualTo("rejected");
      assertThat(browser.findElement(By.id("challenge")).getText())
          .contains(challenger.getAddress().toLowerCase(java.util.Locale.ROOT), "to the requester");
      ExplorerIT.shot(browser, "sampled-3-task-challenged");

      browser.get(base + "/#/task/" + open);
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("challenge-window")));
      ExplorerIT.shot(browser, "sampled-4-window-open");
      tasks.challenge(open, challenger); // the page re-renders on the new blocks
      wait.until(ExpectedConditions.textToBe(By.id("challenge-outcome"), "pending"));
      assertThat(browser.findElements(By.id("challenge-window"))).isEmpty();
      assertThat(browser.findElement(By.id("summary")).getText()).contains("+ bonds");
      assertThat(browser.findElements(By.cssSelector("#summary .badge.pass"))).hasSize(1);
      ExplorerIT.shot(browser, "sampled-5-challenge-pending");

      browser.get(base + "/#/task/" + tampered);
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("sampling")));
      assertThat(browser.findElements(By.cssSelector("#checks .badge.fail"))).isEmpty();
      tasks.tamperDecision(tampered);
      wait.until(
          ExpectedConditions.presenceOfElementLocated(
              By.cssSelector("#checks .badge.fail[data-check='decision']")));
      assertThat(browser.findElement(By.cssSelector("tr[data-name='decision']")).getText())
          .contains("the chain recorded unchecked");
      assertThat(browser.findElement(By.id("sampling")).getText())
          .contains("recorded decision unchecked", "recomputed decision checked");
      ExplorerIT.shot(browser, "sampled-6-decision-fail");
    } finally {
      browser.quit();
    }
  }

  private static String mark(JsonNode list, BigInteger id) {
    for (JsonNode row : list.get("tasks")) {
      if (row.get("id").asText().equals(id.toString())) {
        JsonNode s = row.get("sampling");
        return s == null ? "" : s.get("rate").asText() + " " + s.get("mark").asText();
      }
    }
    throw new AssertionError("no task " + id + " in " + list);
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(base + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }
}
