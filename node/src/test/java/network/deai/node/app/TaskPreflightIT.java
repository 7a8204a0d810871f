package network.deai.node.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import network.deai.contracts.testing.LocalChain;
import network.deai.contracts.testing.LocalChainExtension;
import network.deai.contracts.testing.TaskManagerDriver;
import network.deai.node.chain.Keystore;
import network.deai.node.domain.Safetensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;

/**
 * {@code deai task submit} on a real anvil refuses a junk model, a wrong tensor name and a raw
 * similarity threshold below the calibrated minimum, and parameters the TaskManager would refuse (a
 * fee of 0, a quorum that is no majority), before it uploads or sends anything: exit status 2, one
 * line, the requester's balance and nonce unchanged. A requester whose balance cannot pay the fee
 * (funded with {@code deai chain fund}) is told its balance, the escrow and how to fund it. The
 * same command with good files gets past the pre-flight to the upload (whose store is not there),
 * so the refusals are the pre-flight's.
 */
@ExtendWith(LocalChainExtension.class)
class TaskPreflightIT {
  private static final String NOWHERE = "http://127.0.0.1:9";

  @TempDir Path dir;

  @Test
  void aBadSpecIsRefusedBeforeAnythingIsUploadedOrPaid(LocalChain chain) throws Exception {
    TaskManagerDriver tm = TaskManagerDriver.deploy(chain);
    Credentials requester = chain.account(8);
    BigInteger balance = chain.balance(requester.getAddress());
    BigInteger nonce = nonce(chain, requester);
    Path keystore = keystore(requester);
    Path model =
        tensors(
            "model.safetensors",
            Map.of(
                "weight", new Safetensors.Tensor(new int[] {2, 3}, new float[6]),
                "bias", new Safetensors.Tensor(new int[] {2}, new float[2])));
    Path inputs =
        tensors(
            "inputs.safetensors",
            Map.of("inputs", new Safetensors.Tensor(new int[] {1, 3}, new float[3])));
    Path renamed =
        tensors(
            "x.safetensors", Map.of("x", new Safetensors.Tensor(new int[] {1, 3}, new float[3])));
    Path junk = Files.writeString(dir.resolve("junk.safetensors"), "junk");

    DeaiRun junkModel = submit(chain, tm, keystore, "--model", junk, "--inputs", inputs);
    DeaiRun wrongName = submit(chain, tm, keystore, "--model", model, "--inputs", renamed);
    DeaiRun lowDistance =
        submit(
            chain,
            tm,
            keystore,
            "--model",
            model,
            "--inputs",
            inputs,
            "--mode",
            "similar",
            "--max-distance",
            "0");
    DeaiRun junkOnnx =
        submit(chain, tm, keystore, "--executor", "onnx", "--model", junk, "--inputs", inputs);
    DeaiRun freeOfCharge =
        submit(chain, tm, keystore, "--model", model, "--inputs", inputs, "--fee-ether", "0");
    DeaiRun minority =
        submit(chain, tm, keystore, "--model", model, "--inputs", inputs, "--quorum", "1");
    DeaiRun good = submit(chain, tm, keystore, "--model", model, "--inputs", inputs);

    assertThat(junkModel.status()).isEqualTo(2);
    assertThat(junkModel.err().strip())
        .startsWith("deai: --model is not a float32 safetensors file (")
        .doesNotContain("\n");
    assertThat(wrongName.status()).isEqualTo(2);
    assertThat(wrongName.err().strip())
        .isEqualTo(
            "deai: --inputs must hold a tensor inputs [rows, 3] (the model's features), got {x [1,"
                + " 3]}; rename or reshape it");
    assertThat(junkOnnx.status()).isEqualTo(2);
    assertThat(junkOnnx.err().strip())
        .startsWith("deai: replicas would reject this task (model-load-failed): ONNX Runtime")
        .doesNotContain("\n");
    assertThat(lowDistance.status()).isEqualTo(2);
    assertThat(lowDistance.err().strip())
        .startsWith("deai: --max-distance 0 is below the calibrated minimum of 3 bits")
        .endsWith("or --allow-low-distance");
    assertThat(freeOfCharge.status()).isEqualTo(2);
    assertThat(freeOfCharge.err().strip())
        .isEqualTo("deai: --fee-ether must be more than 0: the fee is what the replicas are paid");
    assertThat(minority.status()).isEqualTo(2);
    assertThat(minority.err().strip())
        .isEqualTo(
            "deai: the TaskManager would refuse this task: the quorum must be a strict majority of"
                + " the 3 replicas: 2..3 (--quorum), or leave it out for 2");
    assertThat(good.err())
        .as("past the pre-flight, to the upload")
        .contains("cannot upload to " + NOWHERE + ": connection refused;");
    assertThat(
            junkModel.out()
                + wrongName.out()
                + junkOnnx.out()
                + lowDistance.out()
                + freeOfCharge.out()
                + minority.out())
        .isEmpty();
    assertThat(chain.balance(requester.getAddress())).isEqualTo(balance);
    assertThat(nonce(chain, requester)).isEqualTo(nonce);
  }

  @Test
  void aRequesterWhoseBalanceCannotPayTheFeeIsToldHowMuchItHasNeedsAndHowToFundIt(LocalChain chain)
      throws Exception {
    TaskManagerDriver tm = TaskManagerDriver.deploy(chain);
    Credentials poor = Credentials.create(org.web3j.crypto.Keys.createEcKeyPair());
    Path funder =
        Files.writeString(
            dir.resolve("funder.key"),
            org.web3j.utils.Numeric.toHexStringNoPrefixZeroPadded(
                chain.account(7).getEcKeyPair().getPrivateKey(), 64));
    DeaiRun fund =
        DeaiRun.of(
            "chain",
            "fund",
            "--rpc-url",
            chain.rpcUrl(),
            "--private-key-file",
            funder.toString(),
            "--to",
            poor.getAddress(),
            "--ether",
            "0.05",
            "--data-dir",
            dir.resolve("data").toString());
    assertThat(fund.status()).as(fund.err()).isZero();
    assertThat(
            dir.resolve("data")
                .resolve(chain.account(7).getAddress().toLowerCase(java.util.Locale.ROOT))
                .resolve("outbox"))
        .as("the funder's outbox is under --data-dir")
        .isDirectory();
    Path model =
        tensors(
            "model.safetensors",
            Map.of(
                "weight", new Safetensors.Tensor(new int[] {2, 3}, new float[6]),
                "bias", new Safetensors.Tensor(new int[] {2}, new float[2])));
    Path inputs =
        tensors(
            "inputs.safetensors",
            Map.of("inputs", new Safetensors.Tensor(new int[] {1, 3}, new float[3])));

    DeaiRun broke =
        submit(
            chain, tm, keystore(poor), "--model", model, "--inputs", inputs, "--fee-ether", "0.1");

    assertThat(broke.status()).isEqualTo(2);
    assertThat(broke.err().strip())
        .startsWith(
            "deai: "
                + poor.getAddress()
                + " holds 0.05 ETH (50000000000000000 wei) but this task escrows a fee of 0.1 ETH"
                + " (--fee-ether) plus gas of about ")
        .contains("deai chain fund --to " + poor.getAddress() + " --ether ")
        .doesNotContain("\n")
        .doesNotContain("cannot upload");
    assertThat(broke.out()).isEmpty();
    assertThat(chain.balance(poor.getAddress())).isEqualTo(new BigInteger("50000000000000000"));
  }

  private static BigInteger nonce(LocalChain chain, Credentials who) throws Exception {
    return chain
        .web3j()
        .ethGetTransactionCount(who.getAddress(), DefaultBlockParameterName.LATEST)
        .send()
        .getTransactionCount();
  }

  private Path tensors(String name, Map<String, Safetensors.Tensor> tensors) throws Exception {
    return Files.write(dir.resolve(name), Safetensors.write(tensors));
  }

  private Path keystore(Credentials key) throws Exception {
    return new Keystore(dir.resolve("keys"), true)
        .importKey(
            org.web3j.utils.Numeric.toHexStringNoPrefixZeroPadded(
                key.getEcKeyPair().getPrivateKey(), 64),
            "test passphrase")
        .file();
  }

  private DeaiRun submit(LocalChain chain, TaskManagerDriver tm, Path keystore, Object... args)
      throws Exception {
    Path passphrase = Files.writeString(dir.resolve("passphrase"), "test passphrase");
    List<String> all = new ArrayList<>(List.of("task", "submit", "--upload-to", NOWHERE));
    for (Object arg : args) {
      all.add(arg.toString());
    }
    all.addAll(
        List.of(
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
            dir.resolve("data").toString()));
    return DeaiRun.of(all.toArray(String[]::new));
  }
}
