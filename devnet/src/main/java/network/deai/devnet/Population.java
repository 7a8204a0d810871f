package network.deai.devnet;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Who takes part: honest identities (a Sybil cluster among them) and the adversaries. */
public final class Population {
  /** Adversary kinds selectable with {@code --adversaries}. */
  public enum Adversary {
    LAZY,
    COPYCAT,
    COLLUDE,
    NO_SHOW,
    SYBIL;

    /** Parses {@code lazy}, {@code no-show}, ... */
    public static Adversary parse(String text) {
      try {
        return valueOf(text.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "unknown adversary '" + text + "'; choose from lazy, copycat, collude, no-show, sybil",
            e);
      }
    }
  }

  /**
   * What an identity of a replicated-mode population does with its tasks. The node software has no
   * such setting: the devnet plays each one around an honest worker ({@link CheatingExecutor} for
   * LAZY and COLLUDE, a {@link Copycat} driver for COPYCAT, no node at all for NO_SHOW).
   */
  public enum Behaviour {
    /** Runs an honest worker. */
    HONEST,
    /** Commits random numbers shaped like the output. */
    LAZY,
    /** Registers and is drawn, but never runs a worker: never commits nor reveals. */
    NO_SHOW,
    /** Commits the same wrong output as its fellow colluders. */
    COLLUDE,
    /** Runs no worker; commits the commitment another replica committed, and cannot reveal. */
    COPYCAT
  }

  /**
   * How an identity of a sampled-mode population treats its work; the devnet plays it by wrapping
   * the worker's executors ({@link MeteredExecutor}), the node itself stays honest.
   */
  public enum Strategy {
    /** Computes every task. */
    HONEST,
    /** Returns a cheap wrong result for every task, without computing. */
    NAIVE,
    /** Cheats on a task iff cheating is expected to earn more than computing it. */
    RATIONAL
  }

  /** One identity: a key slot, a label, its owner, its node behaviour and its strategy. */
  public record Member(String label, String owner, Behaviour behaviour, Strategy strategy) {
    /** An identity whose node behaviour is all there is to it. */
    public Member(String label, String owner, Behaviour behaviour) {
      this(label, owner, behaviour, Strategy.HONEST);
    }

    /** Whether the identity follows the protocol. */
    public boolean honest() {
      return behaviour == Behaviour.HONEST && strategy == Strategy.HONEST;
    }

    /** What the report calls its behaviour: the strategy when it has one, else the node's. */
    public String kind() {
      return strategy == Strategy.HONEST
          ? behaviour.name().toLowerCase(Locale.ROOT)
          : strategy.name().toLowerCase(Locale.ROOT);
    }
  }

  private Population() {}

  /**
   * {@code honest} honest identities (with SYBIL, three of them share one owner) plus one identity
   * per adversary kind (two for COLLUDE, a colluding pair).
   */
  public static List<Member> of(int honest, Set<Adversary> adversaries) {
    if (honest < 3) {
      throw new IllegalArgumentException("--workers must be at least 3 (honest identities)");
    }
    List<Member> members = new ArrayList<>();
    int sybils = adversaries.contains(Adversary.SYBIL) ? Math.min(3, honest - 1) : 0;
    for (int i = 1; i <= honest - sybils; i++) {
      members.add(new Member("honest-" + i, "honest-" + i, Behaviour.HONEST));
    }
    for (int i = 1; i <= sybils; i++) {
      members.add(new Member("sybil-" + i, "sybil-owner", Behaviour.HONEST));
    }
    if (adversaries.contains(Adversary.LAZY)) {
      members.add(new Member("lazy", "lazy", Behaviour.LAZY));
    }
    if (adversaries.contains(Adversary.COPYCAT)) {
      members.add(new Member("copycat", "copycat", Behaviour.COPYCAT));
    }
    if (adversaries.contains(Adversary.COLLUDE)) {
      members.add(new Member("colluder-1", "colluders", Behaviour.COLLUDE));
      members.add(new Member("colluder-2", "colluders", Behaviour.COLLUDE));
    }
    if (adversaries.contains(Adversary.NO_SHOW)) {
      members.add(new Member("no-show", "no-show", Behaviour.NO_SHOW));
    }
    return members;
  }

  /**
   * The sampled-mode population: {@code honest} honest identities, {@code naive} that always cheat
   * and {@code rational} that cheat when it pays, each its own owner.
   */
  public static List<Member> sampling(int honest, int naive, int rational) {
    if (honest < 3 || naive < 0 || rational < 0) {
      throw new IllegalArgumentException(
          "--workers must be at least 3 and --naive-cheaters, --rational-cheaters at least 0");
    }
    List<Member> members = new ArrayList<>();
    for (int i = 1; i <= honest; i++) {
      members.add(new Member("honest-" + i, "honest-" + i, Behaviour.HONEST));
    }
    for (int i = 1; i <= naive; i++) {
      members.add(new Member("naive-" + i, "naive-" + i, Behaviour.HONEST, Strategy.NAIVE));
    }
    for (int i = 1; i <= rational; i++) {
      members.add(
          new Member("rational-" + i, "rational-" + i, Behaviour.HONEST, Strategy.RATIONAL));
    }
    return members;
  }
}
