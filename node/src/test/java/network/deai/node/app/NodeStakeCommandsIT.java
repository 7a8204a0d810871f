package network.deai.node.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import network.deai.contracts.testing.LocalChain;
import network.deai.contracts.testing.LocalChainExtension;
import network.deai.node.chain.ContractDeployer;
import network.deai.node.chain.Keystore;
import network.deai.node.chain.TaskManagerClient;
import network.deai.node.domain.NodeStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

/**
 * A provider's way out, run as {@code deai node ...} with a node.toml against a real anvil:
 * register, see the status (paused locally after {@code deai node pause}, in text and JSON), be
 * refused a withdrawal with nothing owed and a top-up while active, exit, be told the unbonding
 * block, and take the stake back once it has passed. {@code deai node run} refuses, in one line
 * that says what to do, to start a node that is not registered yet, one that is exiting with
 * nothing left to do, and one that has exited.
 */
@ExtendWith(LocalChainExtension.class)
class NodeStakeCommandsIT {
  private static final BigInteger ETHER = BigInteger.TEN.pow(18);
  private static final long UNBONDING = 3;
  @TempDir Path dir;

  @Test
  void aProviderRegistersExitsAndTakesItsStakeBack(LocalChain chain) throws Exception {
    String contract =
        ContractDeployer.deploy(
            chain.web3j(),
            chain.account(0),
            LocalChain.CHAIN_ID,
            new ContractDeployer.Parameters(
                ETHER.multiply(BigInteger.TEN),
                ETHER,
                ETHER.shiftLeft(1),
                UNBONDING,
                ContractDeployer.BURN_ADDRESS,
                2,
                BigInteger.ONE));
    Credentials key = chain.account(9);
    String config = "--config=" + config(chain, contract, key);

    assertRunRefused(config, "is not registered with this TaskManager: run deai node register");
    DeaiRun register = deai("node", "register", config);
    assertThat(register.status()).as(register.err()).isZero();
    assertThat(deai("node", "status", config).out())
        .contains("Active")
        .doesNotContain("paused")
        .contains("stake 10000000000");
    Files.createDirectories(
        dir.resolve("data").resolve(key.getAddress().toLowerCase(java.util.Locale.ROOT)));
    assertThat(deai("node", "pause", config).status()).isZero();
    assertThat(deai("node", "status", config).out())
        .contains("Active, paused locally (deai node resume to take work again)");
    com.fasterxml.jackson.databind.JsonNode paused = json(deai("node", "status", "--json", config));
    assertThat(paused.path("status").asText()).isEqualTo("Active");
    assertThat(paused.path("pausedLocally").asBoolean()).isTrue();
    assertThat(paused.path("state").asText())
        .isEqualTo("Active, paused locally (deai node resume to take work again)");
    assertThat(paused.path("stake").textValue()).isEqualTo("10000000000000000000");
    assertThat(deai("node", "resume", config).status()).isZero();
    com.fasterxml.jackson.databind.JsonNode resumed =
        json(deai("node", "status", "--json", config));
    assertThat(resumed.path("pausedLocally").asBoolean()).isFalse();
    assertThat(resumed.path("state").asText()).isEqualTo("Active");

    DeaiRun withdraw = deai("node", "withdraw", config);
    assertThat(withdraw.status()).isEqualTo(2);
    assertThat(withdraw.err()).contains("withdraw refused: nothing is owed to this node");
    DeaiRun topUp = deai("node", "top-up", config);
    assertThat(topUp.status()).isEqualTo(2);
    assertThat(topUp.err()).contains("top-up refused: the node is Active here");

    DeaiRun exit = deai("node", "exit", config);
    assertThat(exit.status()).as(exit.err()).isZero();
    assertThat(exit.out()).contains("Exiting");
    DeaiRun early = deai("node", "withdraw-stake", config);
    assertThat(early.status()).isEqualTo(2);
    assertThat(early.err()).contains("the unbonding period runs until block");
    assertRunRefused(config, "is exiting (never picked again) and has no task left: once block");

    chain.mine(UNBONDING);
    BigInteger before = chain.web3j().ethGetBalance(key.getAddress(), latest()).send().getBalance();
    DeaiRun back = deai("node", "withdraw-stake", config);
    assertThat(back.status()).as(back.err()).isZero();
    assertThat(back.out()).contains("stake of 10000000000000000000 wei returned");
    BigInteger after = chain.web3j().ethGetBalance(key.getAddress(), latest()).send().getBalance();
    assertThat(after.subtract(before)).isGreaterThan(ETHER.multiply(BigInteger.valueOf(9)));
    TaskManagerClient client = TaskManagerClient.connect(chain.web3j(), contract, 31337);
    assertThat(client.node(key.getAddress()).status()).isEqualTo(NodeStatus.EXITED);
    assertRunRefused(config, "has exited this TaskManager and taken its stake back");
    DeaiRun again = deai("node", "register", config);
    assertThat(again.status()).isEqualTo(2);
    assertThat(again.err()).contains("make a new key (deai keys new)");
  }

  /** {@code deai node run} exits with status 2 and one line that contains {@code words}. */
  private static void assertRunRefused(String config, String words) {
    DeaiRun run =
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
            java.time.Duration.ofSeconds(60),
            () -> deai("node", "run", config),
            "deai node run started instead of refusing");
    assertThat(run.status()).as(run.out() + run.err()).isEqualTo(2);
    assertThat(run.err()).contains(words).doesNotContain("\tat ").hasLineCount(1);
    assertThat(run.out()).isEmpty();
  }

  private static com.fasterxml.jackson.databind.JsonNode json(DeaiRun run) throws Exception {
    assertThat(run.status()).as(run.err()).isZero();
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.out());
  }

  private static org.web3j.protocol.core.DefaultBlockParameter latest() {
    return org.web3j.protocol.core.DefaultBlockParameterName.LATEST;
  }

  private Path config(LocalChain chain, String contract, Credentials key) throws Exception {
    Path passphrase = Files.writeString(dir.resolve("passphrase"), "test passphrase");
    Path keystore =
        new Keystore(dir.resolve("keys"), true)
            .importKey(
                org.web3j.utils.Numeric.toHexStringNoPrefixZeroPadded(
                    key.getEcKeyPair().getPrivateKey(), 64),
                "test passphrase")
            .file();
    return Files.writeString(
        dir.resolve("node.toml"),
        String.join(
            "\n",
            "rpc_url = \"" + chain.rpcUrl() + "\"",
            "chain_id = 31337",
            "contract = \"" + contract + "\"",
            "keystore_file = \"" + keystore + "\"",
            "passphrase_file = \"" + passphrase + "\"",
            "data_dir = \"" + dir.resolve("data") + "\"",
            "http_port = 0",
            ""));
  }

  private static DeaiRun deai(String... args) {
    return DeaiRun.of(args);
  }
}
