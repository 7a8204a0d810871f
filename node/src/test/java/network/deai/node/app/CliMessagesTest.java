package network.deai.node.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.util.List;
import java.util.concurrent.Callable;
import network.deai.node.audit.NodeAudit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Bad option values and unexpected failures end in one line that says what to do. */
class CliMessagesTest {
  private static final String CONTRACT = "0x5fbdb2315678afecb367f032d93f642f64180aa3";

  private static DeaiRun submitWithFee(String fee) {
    return DeaiRun.of(
        "task",
        "submit",
        "--inputs",
        "x.safetensors",
        "--upload-to",
        "http://127.0.0.1:1",
        "--rpc-url",
        "http://127.0.0.1:1",
        "--contract",
        CONTRACT,
        "--fee-ether",
        fee);
  }

  @Test
  void refusesAFeeThatIsNotAnAmountOfEtherWhileParsing() {
    DeaiRun word = submitWithFee("abc");
    DeaiRun negative = submitWithFee("-1");
    DeaiRun belowOneWei = submitWithFee("0.0000000000000000001");

    assertThat(word.status()).isEqualTo(2);
    assertThat(word.err())
        .startsWith(
            "deai: Invalid value for option '--fee-ether': 'abc' is not an amount of ether: write"
                + " a decimal number such as 0.1\n")
        .doesNotContain("Character", "Usage:");
    assertThat(negative.status()).isEqualTo(2);
    assertThat(negative.err()).contains("'-1' is negative").doesNotContain("eth_call");
    assertThat(belowOneWei.status()).isEqualTo(2);
    assertThat(belowOneWei.err()).contains("has more than 18 decimals").doesNotContain("\tat ");
  }

  @Test
  void readsAFeeInEtherAsWei() {
    assertThat(new EtherAmount().convert("0.1")).isEqualTo(BigInteger.TEN.pow(17));
    assertThat(new EtherAmount().convert("1e-18")).isEqualTo(BigInteger.ONE);
  }

  @Test
  void aMisusedCommandLineIsOneLineAndAPointerToTheHelp() {
    DeaiRun run =
        DeaiRun.of("task", "submit", "--inputs", "x", "--upload-to", "u", "--replicas", "x");

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "deai: Invalid value for option '--replicas': 'x' is not an int\n"
                + "(see deai task submit --help)\n");
  }

  @Test
  void saysAContractAddressIsMalformedRatherThanMissing() {
    DeaiRun run =
        DeaiRun.of(
            "task", "status", "--rpc-url", "http://127.0.0.1:1", "--contract", "0x1234", "1");

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err().strip())
        .isEqualTo(
            "deai: --contract 0x1234 is not an address (0x and 40 hex digits): pass the contract"
                + " that deai chain start or deai chain deploy printed");
  }

  @CommandLine.Command(name = "boom")
  static final class Boom implements Callable<Integer> {
    @Override
    public Integer call() {
      throw new IllegalStateException("the outbox is in use\n  by another process");
    }
  }

  @Test
  void anUnexpectedFailureIsOneLineWithoutAStackTrace() {
    StringWriter err = new StringWriter();
    CommandLine line = DeaiCommand.commandLine().addSubcommand("boom", new Boom());
    line.setErr(new PrintWriter(err, true));

    int status = line.execute("boom");

    assertThat(status).isEqualTo(1);
    assertThat(err.toString())
        .isEqualTo(
            "deai: the outbox is in use by another process (set DEAI_DEBUG=1 for the stack"
                + " trace)\n");
  }

  @Test
  void auditJsonWritesWeiAsStrings() throws Exception {
    BigInteger tenEther = BigInteger.TEN.pow(19);
    NodeAudit audit =
        new NodeAudit(
            "0x00",
            "Active",
            tenEther,
            1,
            "",
            BigInteger.ONE,
            0,
            0,
            0,
            tenEther,
            BigInteger.ZERO,
            List.of());

    String json = AuditCommand.JSON.writeValueAsString(audit);

    assertThat(json).contains("\"stake\" : \"10000000000000000000\"", "\"owed\" : \"1\"");
  }
}
