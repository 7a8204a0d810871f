package network.deai.node.job;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import network.deai.node.chain.TrainingJobsClient;
import network.deai.node.domain.Job;
import network.deai.node.domain.Node;
import network.deai.node.domain.Round;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass of a node's job work: it reads the node's own record; a node the TrainingJobs contract
 * selected for a job's current round hands the round to its {@link JobRole}, while an idle one
 * starts the waiting rounds of jobs that draw on its class ({@link WaitingJobs}). A node picked for
 * the seat of the role it does not run is told so, once per round.
 */
final class RoundDispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(RoundDispatcher.class);

  private final TrainingJobsClient client;
  private final String address;
  private final JobService.Role role;
  private final JobRole actor;
  private final WaitingJobs waiting;
  private final JobMetrics metrics;
  private final Set<String> warnedRounds = new HashSet<>();

  /** Dispatches for the node at {@code address}, running {@code role} through {@code actor}. */
  RoundDispatcher(
      TrainingJobsClient client,
      String address,
      JobService.Role role,
      JobRole actor,
      WaitingJobs waiting,
      JobMetrics metrics) {
    this.client = client;
    this.address = address;
    this.role = role;
    this.actor = actor;
    this.waiting = waiting;
    this.metrics = metrics;
  }

  /**
   * One pass: act on the round this node is selected for, if any; an idle node instead starts the
   * waiting rounds of jobs that draw on its class.
   */
  void tick() {
    Node me = client.node(address);
    if (me.activeTask() == 0) {
      if (me.isActive()) {
        waiting.tick(client.blockNumber(), me.gpuClass());
      }
      return;
    }
    BigInteger jobId = BigInteger.valueOf(me.activeTask());
    Job job = client.job(jobId);
    // A node stays assigned to a waiting job only while its challenged round waits for the
    // escalation's draw: it pays the round out if the escalation never starts.
    if (!job.state().isOpen()) {
      return;
    }
    long round = job.round();
    Round view = client.round(jobId, round);
    int index = indexOf(role == JobService.Role.TRAINER ? view.trainers() : view.committee());
    if (index < 0) {
      warnOfWrongRole(jobId, job, view, round);
      return;
    }
    metrics.selected(jobId.longValue(), round);
    actor.act(jobId, job, view, round, index);
  }

  /**
   * The contract picks trainers and committee members by GPU class alone, so a node registered in
   * the other role's class is picked for work it does not do (and will be a no-show): say so.
   */
  private void warnOfWrongRole(BigInteger jobId, Job job, Round view, long round) {
    List<String> other = role == JobService.Role.TRAINER ? view.committee() : view.trainers();
    if (indexOf(other) >= 0 && warnedRounds.add(jobId + "/" + round)) {
      long wanted = role == JobService.Role.TRAINER ? job.trainerClass() : job.aggregatorClass();
      String name = role.name().toLowerCase(Locale.ROOT);
      LOG.warn(
          "{} was picked as {} of job {} round {}, but job_role is {}: it will be penalised as"
              + " a no-show; run the {} role with a key registered with gpu_class = {} (a node's"
              + " class is fixed while it is registered), or change job_role",
          address,
          role == JobService.Role.TRAINER ? "a committee member" : "a trainer",
          jobId,
          round,
          name,
          name,
          wanted);
    }
  }

  private int indexOf(List<String> addresses) {
    for (int i = 0; i < addresses.size(); i++) {
      if (addresses.get(i).equalsIgnoreCase(address)) {
        return i;
      }
    }
    return -1;
  }
}
