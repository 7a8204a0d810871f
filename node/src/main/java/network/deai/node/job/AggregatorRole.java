package network.deai.node.job;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import network.deai.contracts.abi.Bytes32;
import network.deai.contracts.abi.Commitment;
import network.deai.node.chain.ChainError;
import network.deai.node.chain.TrainingJobsClient;
import network.deai.node.domain.Job;
import network.deai.node.domain.JobJournalEntry.AggregatePrepared;
import network.deai.node.domain.JobState;
import network.deai.node.domain.Outcome;
import network.deai.node.domain.Round;
import network.deai.node.domain.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A committee member's part in a round: in AggregateCommit it fetches and checks the revealed
 * updates, runs {@link RoundComputation}, stores the new model, journals (model, scores, flags,
 * salt, URI) and commits; in AggregateReveal it reveals, then, once reveals are over, posts the
 * agreed scores with {@code settleRound} (members take turns by index, one block apart); in
 * Challenge it challenges a verdict that is not its aggregate of every revealed update, or pays the
 * round out after the window when it is.
 */
final class AggregatorRole implements JobRole {
  private static final Logger LOG = LoggerFactory.getLogger(AggregatorRole.class);

  private final TrainingJobsClient client;
  private final JobSetups setups;
  private final Submissions submissions;
  private final Contributions contributions;
  private final JobMetrics metrics;
  private final Map<String, Long> settleableSince = new HashMap<>();

  AggregatorRole(
      TrainingJobsClient client,
      JobSetups setups,
      Submissions submissions,
      Contributions contributions,
      JobMetrics metrics) {
    this.client = client;
    this.setups = setups;
    this.submissions = submissions;
    this.contributions = contributions;
    this.metrics = metrics;
  }

  @Override
  public void act(BigInteger jobId, Job job, Round view, long round, int index) {
    if (view.stage() == Stage.CHALLENGE) {
      contributions
          .aggregate(jobId, round)
          .ifPresent(entry -> challengeOrPay(jobId, job, view, round, index, entry));
      return;
    }
    Seats seats = Seats.of(job, view);
    if (!seats.deciding(index)) {
      return; // a first-round member waits while the escalation recomputes the round
    }
    long bit = 1L << index;
    if (view.stage() == Stage.AGGREGATE_COMMIT && (view.aggCommitted() & bit) == 0) {
      Optional<AggregatePrepared> prepared =
          contributions.aggregate(jobId, round).or(() -> aggregate(jobId, job, view, round));
      if (prepared.isEmpty()) {
        return; // an artifact is unavailable for now: try again on the next block
      }
      AggregatePrepared entry = prepared.get();
      Bytes32 commitment =
          submissions.commitment(jobId, round, entry.model(), fingerprint(entry), entry.salt());
      submissions.send(
          client.commitAggregateData(jobId, commitment),
          "commitAggregate job " + jobId + " round " + round);
    } else if (view.stage() == Stage.AGGREGATE_REVEAL && (view.aggCommitted() & bit) != 0) {
      AggregatePrepared entry = contributions.aggregate(jobId, round).orElseThrow();
      if ((view.aggRevealed() & bit) == 0) {
        submissions.send(
            client.revealAggregateData(
                jobId,
                entry.model(),
                entry.scoresDigest(),
                entry.flagged(),
                entry.salt(),
                entry.uri()),
            "revealAggregate job " + jobId + " round " + round);
        return;
      }
      long head = client.blockNumber();
      long mask = seats.decidingMask();
      boolean over =
          (view.aggRevealed() & mask) == (view.aggCommitted() & mask) || head > view.deadline();
      if (over && myTurn("settle", jobId, round, index - seats.firstDeciding(), head)) {
        settle(jobId, round, entry);
      }
    }
  }

  /**
   * The Challenge stage: a member whose own aggregate of every revealed update is not the recorded
   * verdict challenges it while the window is open (the first such member by index); once the
   * window is over, a member whose aggregate is the verdict pays the round out with its scores.
   */
  private void challengeOrPay(
      BigInteger jobId, Job job, Round view, long round, int index, AggregatePrepared entry) {
    Bytes32 verdict =
        Commitment.aggregateFingerprint(
            view.modelDigest(), view.scoresDigest(), view.flaggedMask());
    boolean agrees = fingerprint(entry).equals(verdict);
    long head = client.blockNumber();
    if (head <= view.deadline()) {
      if (!agrees
          && !view.challenged()
          && entry.complete()
          && job.state() == JobState.RUNNING
          && myTurn("challenge", jobId, round, index, head)) {
        BigInteger bond = client.slashAmount();
        LOG.warn(
            "{}: job {} round {}: the recorded verdict is not this member's aggregate;"
                + " challenging it with a bond of {} wei",
            submissions.address(),
            jobId,
            round,
            bond);
        submissions.send(
            client.challengeRoundData(jobId),
            bond,
            "challengeRound job " + jobId + " round " + round);
      }
      return;
    }
    if (agrees && myTurn("pay", jobId, round, index, head)) {
      settle(jobId, round, entry);
    }
  }

  /** Whether member {@code turn} (0 first) may act now: members take turns one block apart. */
  private boolean myTurn(String what, BigInteger jobId, long round, int turn, long head) {
    long since = settleableSince.computeIfAbsent(what + "/" + jobId + "/" + round, k -> head);
    return head >= since + turn;
  }

  private static Bytes32 fingerprint(AggregatePrepared entry) {
    return Commitment.aggregateFingerprint(entry.model(), entry.scoresDigest(), entry.flagged());
  }

  private void settle(BigInteger jobId, long round, AggregatePrepared entry) {
    String data = client.settleRoundData(jobId, entry.model(), entry.flagged(), entry.scoreArray());
    Optional<ChainError> error = submissions.simulate(data);
    if (error.isPresent()) {
      LOG.debug(
          "settleRound job {} round {} would revert: {}", jobId, round, error.get().describe());
      return;
    }
    submissions.send(data, "settleRound job " + jobId + " round " + round);
  }

  /**
   * The committee seats of a round: the first {@code committee}, then the escalation's. Only the
   * seats of the current phase decide (and act).
   */
  private record Seats(int committee, int escalation) {
    static Seats of(Job job, Round view) {
      return new Seats(job.committee(), view.escalationSeats());
    }

    int firstDeciding() {
      return escalation == 0 ? 0 : committee;
    }

    long decidingMask() {
      return ((1L << (committee + escalation)) - 1) ^ ((1L << firstDeciding()) - 1);
    }

    boolean deciding(int index) {
      return (decidingMask() & (1L << index)) != 0;
    }
  }

  /**
   * This member's aggregate for the round, journalled, or empty while an artifact it needs cannot
   * be fetched and the commit stage has blocks left to try again.
   */
  private Optional<AggregatePrepared> aggregate(BigInteger jobId, Job job, Round view, long round) {
    long started = System.nanoTime();
    Bytes32 start = job.modelDigest();
    RoundAggregate aggregate;
    boolean complete = false;
    switch (setups.setup(jobId)) {
      case Outcome.Ok<JobContext> ok -> {
        JobContext.Updates updates = ok.value().updates(view, round);
        if (updates.unavailableMask() != 0 && !submissions.lastChance(view)) {
          LOG.info(
              "{}: job {} round {} waits for the updates of trainers {}",
              submissions.address(),
              jobId,
              round,
              Integer.toBinaryString(updates.unavailableMask()));
          return Optional.empty();
        }
        aggregate =
            RoundAggregate.computed(
                ok.value().classifier(), ok.value().compute(updates, round, start));
        complete = updates.unavailableMask() == 0;
      }
      case Outcome.Rejected<JobContext> r -> {
        if (JobContext.retryable(r.rejection()) && !submissions.lastChance(view)) {
          LOG.info("{}: job {} waits: {}", submissions.address(), jobId, r.rejection());
          return Optional.empty();
        }
        aggregate = RoundAggregate.refused(start, view.trainers().size(), r.rejection());
      }
    }
    byte[] file = aggregate.modelFile();
    if (file != null) {
      contributions.publish(file);
    }
    AggregatePrepared entry = journal(jobId, round, aggregate, complete);
    if (aggregate.modelFile() == null) {
      metrics.refused();
    } else {
      metrics.aggregated();
    }
    LOG.info(
        "{} aggregated job {} round {} in {} ms: {}",
        submissions.address(),
        jobId,
        round,
        (System.nanoTime() - started) / 1_000_000,
        aggregate.summary());
    return Optional.of(entry);
  }

  private AggregatePrepared journal(
      BigInteger jobId, long round, RoundAggregate aggregate, boolean complete) {
    // Only an aggregate of every revealed update may challenge: one that had to leave out an
    // update it could not fetch (or refused the job) differs from the others through no fault of
    // theirs, and an escalation that fetched everything would take its bond.
    AggregatePrepared entry =
        new AggregatePrepared(
            jobId,
            round,
            complete,
            aggregate.modelDigest(),
            aggregate.scoresDigest(),
            aggregate.flaggedMask(),
            Arrays.stream(aggregate.scores()).boxed().toList(),
            submissions.salt(),
            contributions.uri(aggregate.modelDigest()));
    contributions.appendPrepared(entry);
    return entry;
  }
}
