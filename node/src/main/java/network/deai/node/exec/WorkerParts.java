package network.deai.node.exec;

import java.math.BigInteger;
import network.deai.contracts.abi.Address;
import network.deai.node.chain.ChainWriter;
import network.deai.node.chain.TaskChain;
import network.deai.node.chain.TaskStarter;
import network.deai.node.journal.Journal;

/**
 * The parts of a worker that its log intake, its executions and its per-task reconciler share,
 * wired once by {@link WorkerService} through {@link #wire}.
 */
record WorkerParts(
    TaskChain client,
    Journal journal,
    CommitReveal steps,
    SampledSeat sampledSeat,
    OpenTasks open,
    TaskSpecs specs,
    PendingTaskStarter starts,
    Abstention abstention,
    StepListener listener,
    Metrics metrics,
    Address me) {

  /** Wires the shared parts of the worker that signs with {@code sender}. */
  static WorkerParts wire(
      TaskChain client,
      ChainWriter sender,
      Journal journal,
      Metrics metrics,
      StepListener listener) {
    CommitReveal steps = new CommitReveal(client, sender, journal, metrics, listener);
    TaskSpecs specs = new TaskSpecs(client);
    SampledSeat sampledSeat = new SampledSeat(client, new TaskStarter(client, sender), metrics);
    OpenTasks open = new OpenTasks(journal, id -> forget(id, specs, sampledSeat));
    return new WorkerParts(
        client,
        journal,
        steps,
        sampledSeat,
        open,
        specs,
        new PendingTaskStarter(new TaskStarter(client, sender), metrics),
        new Abstention(client, steps, journal, open, metrics),
        listener,
        metrics,
        Address.of(sender.address()));
  }

  private static void forget(BigInteger taskId, TaskSpecs specs, SampledSeat sampledSeat) {
    specs.forget(taskId);
    sampledSeat.forget(taskId);
  }
}
