package network.deai.node.exec;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import network.deai.node.chain.ChainError;
import network.deai.node.chain.FakeTaskChain;
import network.deai.node.chain.FakeTaskChain.SendFault;
import network.deai.node.domain.TaskLedger.Stage;
import network.deai.node.domain.TaskState;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker's decisions under the faults of a live chain, against {@link FakeTaskChain} instead of
 * anvil: each test injects one fault and checks what the worker sends and journals. The fake's
 * contract rules check each reveal against its commitment, so a reveal with another salt fails.
 */
class WorkerFaultsTest {
  private static final String ME = "0x" + "a1".repeat(20);
  private static final String OTHER = "0x" + "b2".repeat(20);
  private static final BigInteger ONE = BigInteger.ONE;
  private static final BigInteger TWO = BigInteger.TWO;

  @TempDir Path dir;

  private final FakeTaskChain chain = new FakeTaskChain();
  private final FakeTaskChain.Writer writer = chain.writer(ME);

  @Test
  void revealsOnceACommitWhoseBroadcastThrewAfterSigningIsSeenMined() {
    chain.addTask(ONE, 10, 10, ME);
    try (FakeWorker worker = new FakeWorker(chain, writer, dir)) {
      worker.specify(ONE);
      writer.fail("commit", SendFault.THROW_AFTER_SIGNING);
      worker.assigned(ONE, 0);
      assertThat(worker.stage(ONE)).isEqualTo(Stage.PREPARED);

      chain.mineEmpty(); // the commit waits in the mempool: never send a second one
      worker.tick();
      chain.mine();
      worker.tick();
      assertThat(worker.stage(ONE)).isEqualTo(Stage.COMMITTED);
      chain.mine();
      worker.tick();
      chain.mine();

      assertThat(writer.sent("commit")).hasSize(1);
      assertThat(writer.sent("reveal")).hasSize(1);
      assertThat(chain.fakeTask(ONE).seats.get(0).revealed).isTrue();
      assertThat(chain.reverted()).isEmpty();
    }
  }

  @Test
  void queuesACommitWhoseBroadcastFailedAndRevealsIt() {
    chain.addTask(ONE, 10, 10, ME);
    try (FakeWorker worker = new FakeWorker(chain, writer, dir)) {
      worker.specify(ONE);
      writer.fail("commit", SendFault.NOT_BROADCAST);
      worker.assigned(ONE, 0);
      assertThat(worker.stage(ONE)).isEqualTo(Stage.COMMITTED);

      worker.mineAndTick(); // the outbox broadcasts it again
      worker.mineAndTick();
      worker.mineAndTick();

      assertThat(writer.sent("commit")).hasSize(1);
      assertThat(chain.fakeTask(ONE).seats.get(0).revealed).isTrue();
    }
  }

  @Test
  void resendsTheSameCommitmentWhenAReorgDropsTheCommit() {
    FakeTaskChain.FakeTask task = chain.addTask(ONE, 6, 10, ME, OTHER);
    try (FakeWorker worker = new FakeWorker(chain, writer, dir)) {
      worker.specify(ONE);
      worker.assigned(ONE, 0);
      worker.mineAndTick();
      String first = writer.sent("commit").get(0);

      chain.reorgOut(writer.sent().get(0).hash());
      worker.mineAndTick();
      assertThat(writer.sent("commit")).containsExactly(first, first);
      while (chain.head() <= task.commitDeadline + 1) {
        worker.mineAndTick();
      }

      assertThat(task.seats.get(0).revealed).isTrue();
      assertThat(chain.reverted()).isEmpty();
    }
  }

  @Test
  void revealsWhileAnotherTasksTransactionIsRejectedEveryTime() {
    chain.addTask(ONE, 10, 10, ME);
    chain.addTask(TWO, 10, 10, ME);
    try (FakeWorker worker = new FakeWorker(chain, writer, dir)) {
      worker.specify(ONE);
      worker.specify(TWO);
      worker.assigned(ONE, 0);
      worker.assigned(TWO, 0);
      chain.mine();
      writer.fail("reveal:1:", SendFault.REJECTED);

      worker.tick();
      chain.mine();
      worker.mineAndTick();

      assertThat(chain.fakeTask(TWO).seats.get(0).revealed).isTrue();
      assertThat(worker.stage(TWO)).isEqualTo(Stage.REVEALED);
      assertThat(worker.stage(ONE)).isEqualTo(Stage.COMMITTED); // tried again on each block
      assertThat(writer.sent("reveal")).allMatch(data -> data.startsWith("reveal:2:"));
    }
  }

  @Test
  void picksUpWhereItLeftOffOnceReadsStopFailing() {
    chain.addTask(ONE, 10, 10, ME);
    try (FakeWorker worker = new FakeWorker(chain, writer, dir)) {
      worker.specify(ONE);
      worker.assigned(ONE, 0);
      chain.mine();
      chain.failReads(3);

      worker.tick();
      worker.mineAndTick();
      worker.mineAndTick();
      assertThat(writer.sent("reveal")).isEmpty();
      worker.mineAndTick();
      chain.mine();

      assertThat(writer.sent("reveal")).hasSize(1);
      assertThat(chain.fakeTask(ONE).seats.get(0).revealed).isTrue();
    }
  }

  @Test
  void sendsFinalizeOnlyWhenItsSimulationPasses() {
    FakeTaskChain.FakeTask task = chain.addTask(ONE, 10, 10, ME);
    try (FakeWorker worker = new FakeWorker(chain, writer, dir)) {
      worker.specify(ONE);
      worker.assigned(ONE, 0);
      worker.mineAndTick();
      chain.mine();
      assertThat(worker.stage(ONE)).isEqualTo(Stage.REVEALED);

      ChainError notYet = new ChainError.NotFinalizable(ONE, TaskState.REVEALING, chain.head());
      chain.simulateAs(notYet);
      worker.mineAndTick();
      worker.mineAndTick();
      assertThat(writer.sent("finalize")).isEmpty();
      chain.simulateAs(null); // a retryable refusal clears as the chain moves on
      worker.mineAndTick();
      worker.mineAndTick();

      assertThat(notYet.retryable()).isTrue();
      assertThat(writer.sent("finalize")).hasSize(1);
      assertThat(task.state).isEqualTo(TaskState.SETTLED);
      assertThat(worker.stage(ONE)).isEqualTo(Stage.CLOSED);
    }
  }

  @Test
  void closesWithoutSendingWhenFinalizeIsRefusedForGood() {
    FakeTaskChain.FakeTask task = chain.addTask(ONE, 10, 10, ME);
    try (FakeWorker worker = new FakeWorker(chain, writer, dir)) {
      worker.specify(ONE);
      worker.assigned(ONE, 0);
      worker.mineAndTick();
      chain.mine();

      ChainError done = new ChainError.WrongState(ONE, TaskState.SETTLED);
      chain.simulateAs(done); // somebody else's finalize lands first
      worker.mineAndTick();
      task.state = TaskState.SETTLED;
      worker.mineAndTick();

      assertThat(done.retryable()).isFalse();
      assertThat(writer.sent("finalize")).isEmpty();
      assertThat(worker.stage(ONE)).isEqualTo(Stage.CLOSED);
    }
  }

  @Test
  void retriesACommitThatFailedWhileTheChainStalls() {
    chain.addTask(ONE, 10, 10, ME);
    try (FakeWorker worker = new FakeWorker(chain, writer, dir)) {
      worker.specify(ONE);
      worker.tick();
      chain.stall(true);
      writer.fail("commit", SendFault.UNAVAILABLE);
      worker.assigned(ONE, 0);
      long stalledAt = chain.head();

      assertThat(worker.tickAfter(Duration.ofMillis(500))).isFalse();
      assertThat(worker.tickAfter(TaskExecution.RETRY_AFTER)).isTrue();

      assertThat(chain.head()).isEqualTo(stalledAt);
      assertThat(writer.sent("commit")).hasSize(1);
      assertThat(worker.stage(ONE)).isEqualTo(Stage.COMMITTED);
      assertThat(worker.executions).hasValue(1);
    }
  }

  @Test
  void abstainsWhenTheCommitWindowIsShorterThanTheExpectedRun() {
    try (FakeWorker worker = new FakeWorker(chain, writer, dir)) {
      worker.tick();
      worker.mineAndTick(); // one block a second
      // The first run is expected to take 250 ms: one block, plus two for the commit's inclusion.
      chain.addTask(ONE, 2, 10, ME);
      chain.addTask(TWO, 3, 10, ME);
      worker.specify(ONE);
      worker.specify(TWO);

      worker.assigned(ONE, 0);
      worker.assigned(TWO, 0);

      assertThat(writer.sent("abstain")).containsExactly("abstain:1");
      assertThat(writer.sent("commit")).singleElement().asString().startsWith("commit:2:");
      assertThat(worker.stage(ONE)).isEqualTo(Stage.CLOSED);
      assertThat(worker.executions).hasValue(1);
    }
  }

  @Test
  void revealsAtItsLastBlockBeforeCommittingAnotherTask() {
    FakeTaskChain.FakeTask late = chain.addTask(TWO, 2, 2, ME);
    chain.addTask(ONE, 20, 10, ME);
    try (FakeWorker worker = new FakeWorker(chain, writer, dir)) {
      worker.specify(ONE);
      worker.specify(TWO);
      writer.fail("commit:1:", SendFault.UNAVAILABLE);
      worker.assigned(ONE, 0); // prepared; its commit is sent again on the next pass
      worker.assigned(TWO, 0);
      chain.mine();
      chain.mine(); // a block the worker did not see (its endpoint lagged)
      assertThat(chain.head())
          .as("the reveal lands in the last block")
          .isEqualTo(late.revealDeadline - 1);

      worker.tick();
      chain.mine();

      assertThat(late.seats.get(0).revealed).isTrue();
      assertThat(chain.reverted()).isEmpty();
      worker.tick();
      chain.mine();
      assertThat(chain.fakeTask(ONE).seats.get(0).committed).isTrue();
    }
  }

  @Test
  void aRestartedWorkerRevealsTheJournalledResultWithoutRunningItAgain() {
    FakeTaskChain.FakeTask task = chain.addTask(ONE, 4, 10, ME, OTHER);
    try (FakeWorker before = new FakeWorker(chain, writer, dir)) {
      before.specify(ONE);
      before.assigned(ONE, 0);
      assertThat(before.executions).hasValue(1);
    } // killed after its commit was sent
    while (chain.head() <= task.commitDeadline) {
      chain.mine();
    }

    try (FakeWorker after = new FakeWorker(chain, writer, dir)) {
      after.resume();
      after.tick();
      chain.mine();

      assertThat(after.executions).hasValue(0);
      assertThat(writer.sent("commit")).hasSize(1);
      assertThat(task.seats.get(0).revealed).isTrue(); // the journalled salt opens the commitment
      assertThat(chain.reverted()).isEmpty();
    }
  }

  @Test
  void aWorkerKilledBetweenSigningAndJournalingTheCommitCommitsOnce() {
    FakeTaskChain.FakeTask task = chain.addTask(ONE, 10, 10, ME);
    try (FakeWorker before = new FakeWorker(chain, writer, dir)) {
      before.specify(ONE);
      writer.fail("commit", SendFault.THROW_AFTER_SIGNING);
      before.assigned(ONE, 0);
      assertThat(before.stage(ONE)).isEqualTo(Stage.PREPARED);
    }

    try (FakeWorker after = new FakeWorker(chain, writer, dir)) {
      after.resume();
      chain.mineEmpty();
      after.tick();
      after.mineAndTick();
      after.mineAndTick();
      chain.mine();

      assertThat(after.executions).hasValue(0);
      assertThat(writer.sent("commit")).hasSize(1);
      assertThat(task.seats.get(0).revealed).isTrue();
    }
  }

  @Test
  void aWorkerRestartedAfterPreparingCommitsTheJournalledResult() {
    FakeTaskChain.FakeTask task = chain.addTask(ONE, 10, 10, ME);
    try (FakeWorker before = new FakeWorker(chain, writer, dir)) {
      before.specify(ONE);
      writer.fail("commit", SendFault.UNAVAILABLE);
      before.assigned(ONE, 0);
    }

    try (FakeWorker after = new FakeWorker(chain, writer, dir)) {
      after.resume();
      after.mineAndTick();
      after.mineAndTick();
      after.mineAndTick();
      chain.mine();

      assertThat(after.executions).hasValue(0);
      assertThat(task.seats.get(0).revealed).isTrue();
    }
  }

  @Test
  void abstainsRatherThanStartATryOfStalledInputsThatWouldEndPastTheCommitDeadline()
      throws Exception {
    // Seen in `deai bench faults`: each download of inputs that never arrive took 4 blocks; after
    // one, the read that decides between retrying and abstaining failed, so the task was simply
    // tried again 2 s later, 4 blocks before its deadline; that try ended at the deadline and its
    // abstention was mined one block late: an honest worker slashed as a no-show.
    FakeTaskChain.FakeTask task;
    try (FakeWorker worker = new FakeWorker(chain, writer, dir);
        BlockEatingOrigin origin = new BlockEatingOrigin(worker::mineWithoutTick, 4)) {
      worker.tick();
      worker.mineAndTick(); // one block a second
      task = chain.addTask(ONE, 10, 10, ME);
      worker.specify(ONE, origin.uri());
      origin.failReadsAfterNextRequest(chain);

      worker.assigned(ONE, 0); // a 4-block try, then the retry decision's read fails
      assertThat(worker.executions).hasValue(0);
      while (chain.head() <= task.commitDeadline && !task.seats.get(0).abstained) {
        worker.mineAndTick();
      }

      assertThat(chain.reverted()).isEmpty();
      assertThat(task.seats.get(0).abstained).isTrue();
      assertThat(origin.requests()).as("tries of the inputs").isEqualTo(1);
    }
  }

  /**
   * An origin for inputs that never arrive: each request lets {@code blocksPerRequest} blocks go by
   * ({@code eachBlock} mines one and moves the worker's clock on), as a download that runs into its
   * deadline does, and then fails with HTTP 503.
   */
  private static final class BlockEatingOrigin implements AutoCloseable {
    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    private volatile @Nullable FakeTaskChain failing;

    BlockEatingOrigin(Runnable eachBlock, int blocksPerRequest) throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext(
          "/",
          exchange -> {
            requests.incrementAndGet();
            for (int i = 0; i < blocksPerRequest; i++) {
              eachBlock.run();
            }
            FakeTaskChain chain = failing;
            if (chain != null) {
              chain.failReads(1);
              failing = null;
            }
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
          });
      server.start();
    }

    /** After the next request, the worker's next read of {@code chain} fails. */
    void failReadsAfterNextRequest(FakeTaskChain chain) {
      failing = chain;
    }

    String uri() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/inputs";
    }

    int requests() {
      return requests.get();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
