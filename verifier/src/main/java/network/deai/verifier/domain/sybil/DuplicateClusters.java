package network.deai.verifier.domain.sybil;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
    int[] parent = new int[n];
    for (int i = 0; i < n; i++) {
      parent[i] = i;
    }
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        if (Cosine.similarity(updates.get(i).delta(), updates.get(j).delta()) >= cosineThreshold) {
          union(parent, i, j);
        }
      }
    }
    Map<Integer, List<Integer>> byRoot = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      byRoot.computeIfAbsent(find(parent, i), k -> new ArrayList<>()).add(updates.get(i).worker());
    }
    List<List<Integer>> clusters = new ArrayList<>();
    for (List<Integer> members : byRoot.values()) {
      members.sort(null);
      clusters.add(List.copyOf(members));
    }
    clusters.sort((a, b) -> Integer.compare(a.get(0), b.get(0)));
    return List.copyOf(clusters);
  }

  private static int find(int[] parent, int i) {
    int root = i;
    while (parent[root] != root) {
      root = parent[root];
    }
    return root;
  }

  private static void union(int[] parent, int a, int b) {
    int ra = find(parent, a);
    int rb = find(parent, b);
    parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}
