package network.deai.verifier.domain.sybil;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import network.deai.verifier.domain.aggregation.ModelUpdate;

/**
 * Single-linkage bookkeeping shared by the clustering rules: union–find over list positions, and
 * the clusters read out in one fixed order (members ascending by worker id, clusters ascending by
 * their smallest member), whatever order the links were made in.
 */
final class Linkage {
  private final int[] parent;

  /** {@code n} positions, each alone. */
  Linkage(int n) {
    parent = new int[n];
    for (int i = 0; i < n; i++) {
      parent[i] = i;
    }
  }

  /** Puts positions {@code a} and {@code b} in one cluster. */
  void link(int a, int b) {
    int ra = find(a);
    int rb = find(b);
    parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }

  /** The clusters as worker ids of {@code updates} (position i is {@code updates.get(i)}). */
  List<List<Integer>> clusters(List<ModelUpdate> updates) {
    Map<Integer, List<Integer>> byRoot = new TreeMap<>();
    for (int i = 0; i < updates.size(); i++) {
      byRoot.computeIfAbsent(find(i), k -> new ArrayList<>()).add(updates.get(i).worker());
    }
    List<List<Integer>> clusters = new ArrayList<>();
    for (List<Integer> members : byRoot.values()) {
      members.sort(null);
      clusters.add(List.copyOf(members));
    }
    clusters.sort((a, b) -> Integer.compare(a.get(0), b.get(0)));
    return List.copyOf(clusters);
  }

  private int find(int i) {
    int root = i;
    while (parent[root] != root) {
      root = parent[root];
    }
    return root;
  }
}
