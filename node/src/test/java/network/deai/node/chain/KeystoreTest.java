package network.deai.node.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

class KeystoreTest {
  private static final String KEY =
      "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

  // anvil's first development key: public knowledge, used only to pin the derived address.

  @TempDir Path dir;

  @Test
  void importedKeyDecryptsToTheSameAddress() {
    Keystore keystore = new Keystore(dir, true);

    Keystore.StoredKey stored = keystore.importKey(KEY, "correct horse");

    Credentials loaded = Keystore.load(stored.file(), "correct horse");
    assertThat(loaded.getAddress()).isEqualTo(stored.address());
    assertThat(stored.address()).isEqualTo("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
  }

  @Test
  void newKeysAreDistinctAndNeedTheirPassphrase() {
    Keystore keystore = new Keystore(dir, true);
    Keystore.StoredKey a = keystore.create("pass one");
    Keystore.StoredKey b = keystore.create("pass one");

    assertThat(a.address()).isNotEqualTo(b.address());
    assertThatThrownBy(() -> Keystore.load(a.file(), "wrong"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("wrong passphrase");
  }

  @Test
  void rejectsMalformedKeysAndEmptyPassphrases() {
    Keystore keystore = new Keystore(dir, true);
    assertThatThrownBy(() -> keystore.importKey("0x1234", "p"))
        .hasMessageContaining("64 hex digits");
    assertThatThrownBy(() -> keystore.create("")).hasMessageContaining("empty passphrase");
  }
}
