package network.deai.node.explorer;

import java.io.UncheckedIOException;
import java.math.BigInteger;
import network.deai.node.chain.TaskManagerAtBlock;
import network.deai.node.chain.TaskManagerClient;

/**
 * The contract's books at one block: its balance must equal the stakes of every node, the fees of
 * the tasks not yet final (escrow), the bonds of challenges not yet resolved and what it owes every
 * account an event named (the treasury included). Every read is pinned to that block; a mismatch is
 * read a second time before it is reported, so an endpoint that serves a block's state before it
 * has all of it cannot fake one.
 */
public record Books(
    long block,
    BigInteger balance,
    BigInteger stakes,
    BigInteger escrow,
    BigInteger bonds,
    BigInteger owed) {

  /** What the books say the contract holds. */
  public BigInteger held() {
    return stakes.add(escrow).add(bonds).add(owed);
  }

  /** Whether the balance equals what the books hold. */
  public boolean balanced() {
    return balance.equals(held());
  }

  /** Reads the books of {@code client}'s contract at {@code block}, for the accounts indexed. */
  public static Books read(TaskManagerClient client, ChainIndex index, long block) {
    Books first = readOnce(client, index, block);
    return first.balanced() ? first : readOnce(client, index, block);
  }

  private static Books readOnce(TaskManagerClient client, ChainIndex index, long block) {
    TaskManagerAtBlock views = TaskManagerAtBlock.of(client, block);
    try {
      BigInteger balance = views.balance();
      BigInteger stakes = BigInteger.ZERO;
      BigInteger owed = BigInteger.ZERO;
      for (ChainIndex.Account account : index.accounts()) {
        if (account.isNode()) {
          stakes = stakes.add(views.node(account.address()).stake());
        }
        owed = owed.add(views.owed(account.address()));
      }
      BigInteger escrow = BigInteger.ZERO;
      for (ChainIndex.TaskEntry task : index.openTasks()) {
        escrow = escrow.add(task.fee());
      }
      return new Books(block, balance, stakes, escrow, index.openBonds(), owed);
    } catch (UncheckedIOException e) {
      throw new UncheckedIOException(
          "reading the books at block " + block + " failed", e.getCause());
    }
  }
}
