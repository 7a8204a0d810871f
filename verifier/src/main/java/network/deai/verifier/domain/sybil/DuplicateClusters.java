package network.deai.verifier.domain.sybil;

import java.util.List;
import network.deai.verifier.domain.aggregation.ModelUpdate;

/**
 * Groups near-duplicate updates: single-linkage clustering where two updates are linked when their
 * cosine similarity is at least the threshold. Used so that identities submitting copies of one
 * update share one Shapley credit. Output order is deterministic: members ascending by worker id,
 * clusters ascending by their smallest member.
 */
public final class DuplicateClusters {
  private DuplicateClusters() {}

  /** Clusters of worker ids; every worker appears in exactly one cluster. */
  public static List<List<Integer>> cluster(List<ModelUpdate> updates, double cosineThreshold) {
    int n = updates.size();
    Linkage linkage = new Linkage(n);
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        if (Cosine.similarity(updates.get(i).delta(), updates.get(j).delta()) >= cosineThreshold) {
          linkage.link(i, j);
        }
      }
    }
    return linkage.clusters(updates);
  }
}
