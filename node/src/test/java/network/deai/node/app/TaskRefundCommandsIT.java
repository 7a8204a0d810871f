package network.deai.node.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import network.deai.contracts.testing.LocalChain;
import network.deai.contracts.testing.LocalChainExtension;
import network.deai.contracts.testing.TaskManagerDriver;
import network.deai.node.chain.Keystore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

/**
 * A requester's way back to its money, run as {@code deai task ...} against a real anvil: a task
 * that no node can start is cancelled from the command line and its fee withdrawn; a second
 * withdrawal finds nothing; a stranger cannot cancel someone else's task.
 */
@ExtendWith(LocalChainExtension.class)
class TaskRefundCommandsIT {
  @TempDir Path dir;

  @Test
  void aRequesterCancelsAPendingTaskAndWithdrawsTheFee(LocalChain chain) throws Exception {
    TaskManagerDriver tm = TaskManagerDriver.deploy(chain);
    Credentials requester = chain.account(8);
    BigInteger fee = TaskManagerDriver.ether(1);
    BigInteger taskId =
        tm.taskIdOf(tm.createTask(requester, TaskManagerDriver.params(3, 0, 0, 5), fee));

    DeaiRun stranger = DeaiRun.of(signed(chain, tm, chain.account(9), "task", "cancel", "1"));
    assertThat(stranger.status()).isEqualTo(2);
    DeaiRun cancel = DeaiRun.of(signed(chain, tm, requester, "task", "cancel", taskId.toString()));
    assertThat(cancel.status()).as(cancel.err()).isZero();
    assertThat(cancel.out()).contains("task 1 cancelled: " + fee + " wei credited");

    DeaiRun withdraw = DeaiRun.of(signed(chain, tm, requester, "task", "withdraw"));
    assertThat(withdraw.status()).as(withdraw.err()).isZero();
    assertThat(withdraw.out()).contains("withdrew 1 ETH (" + fee + " wei)");
    assertThat(tm.owed(requester.getAddress())).isZero();
    DeaiRun again = DeaiRun.of(signed(chain, tm, requester, "task", "withdraw"));
    assertThat(again.out()).contains("nothing to withdraw");
  }

  private String[] signed(LocalChain chain, TaskManagerDriver tm, Credentials key, String... args)
      throws Exception {
    Path keys = dir.resolve(key.getAddress());
    Path passphrase = Files.writeString(dir.resolve("passphrase"), "test passphrase");
    Path keystore =
        new Keystore(keys, true)
            .importKey(
                org.web3j.utils.Numeric.toHexStringNoPrefixZeroPadded(
                    key.getEcKeyPair().getPrivateKey(), 64),
                "test passphrase")
            .file();
    java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of(args));
    all.addAll(
        java.util.List.of(
            "--rpc-url",
            chain.rpcUrl(),
            "--chain-id",
            "31337",
            "--contract",
            tm.address(),
            "--keystore-file",
            keystore.toString(),
            "--passphrase-file",
            passphrase.toString(),
            "--data-dir",
            keys.resolve("data").toString()));
    return all.toArray(String[]::new);
  }
}
