package network.deai.node.exec;

import network.deai.contracts.abi.Address;
import network.deai.node.chain.TaskManagerClient;
import network.deai.node.journal.Journal;

/**
 * The parts of a worker that its log intake and its per-task reconciler share, wired once by {@link
 * WorkerService}.
 */
record WorkerParts(
    TaskManagerClient client,
    Journal journal,
    CommitReveal steps,
    SampledSeat sampledSeat,
    OpenTasks open,
    TaskSpecs specs,
    PendingTaskStarter starts,
    Abstention abstention,
    TaskExecution execution,
    TaskRunner.Behaviour behaviour,
    Metrics metrics,
    Address me) {}
