package network.deai.node.app;

import java.math.BigInteger;
import java.util.List;
import network.deai.node.chain.TaskManagerClient;
import network.deai.node.domain.SampledPrice;
import network.deai.node.requester.Preflight;
import network.deai.node.requester.Requester;

/** The sampled-validation parts of {@code deai task submit} and {@code deai task status}. */
final class SampledSubmit {
  private SampledSubmit() {}

  /**
   * Before anything is uploaded or paid: reads the contract's lowest rate for the fee per seat,
   * refuses a rate below it with one line, and returns what the requester pays for.
   */
  static List<String> preflight(TaskManagerClient client, Requester.Params params) {
    BigInteger perSeat = params.fee().divide(BigInteger.valueOf(params.replicas()));
    SampledPrice price =
        new SampledPrice(
            params.fee(),
            params.replicas(),
            params.sampleRateBps(),
            client.minSampleRateBps(perSeat));
    Preflight.sampling(price)
        .ifPresent(
            refusal -> {
              throw new IllegalArgumentException(refusal);
            });
    return price.lines(params.revealWindow());
  }

  /** The validators drawn for a sampled task (every seat after the executor's), in seat order. */
  static List<String> validators(TaskManagerClient client, BigInteger taskId) {
    List<String> seats = client.replicas(taskId);
    return seats.size() <= 1 ? List.of() : seats.subList(1, seats.size());
  }
}
