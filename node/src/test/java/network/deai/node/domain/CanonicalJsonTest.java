package network.deai.node.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {
  @Test
  void sortsKeysAndDropsWhitespace() {
    String canonical =
        new String(
            CanonicalJson.canonicalize(
                "{ \"b\" : [1, 2, {\"z\":null, \"a\":true}], \"a\": \"x\" }"),
            StandardCharsets.UTF_8);

    assertThat(canonical).isEqualTo("{\"a\":\"x\",\"b\":[1,2,{\"a\":true,\"z\":null}]}");
  }

  @Test
  void formatsNumbersAsEcmaScriptDoes() {
    // Values from RFC 8785 Appendix B and ECMAScript's Number::toString.
    assertThat(CanonicalJson.number(1e21)).isEqualTo("1e+21");
    assertThat(CanonicalJson.number(1e20)).isEqualTo("100000000000000000000");
    assertThat(CanonicalJson.number(333333333.3333333)).isEqualTo("333333333.3333333");
    assertThat(CanonicalJson.number(1e-7)).isEqualTo("1e-7");
    assertThat(CanonicalJson.number(0.000001)).isEqualTo("0.000001");
    assertThat(CanonicalJson.number(-1.5)).isEqualTo("-1.5");
    assertThat(CanonicalJson.number(-0.0)).isEqualTo("0");
    assertThat(CanonicalJson.number(Double.MIN_VALUE)).isEqualTo("5e-324");
    assertThat(CanonicalJson.number(Double.MAX_VALUE)).isEqualTo("1.7976931348623157e+308");
    assertThat(CanonicalJson.number(Math.pow(2, 53))).isEqualTo("9007199254740992");
  }

  @Test
  void escapesOnlyWhatJcsRequires() {
    String canonical =
        new String(
            CanonicalJson.canonicalize("{\"s\":\"\\u20ac\\n\\u0001\\\"/\"}"),
            StandardCharsets.UTF_8);

    assertThat(canonical).isEqualTo("{\"s\":\"€\\n\\u0001\\\"/\"}");
  }

  @Test
  void sortsKeysByUtf16CodeUnits() {
    String canonical =
        new String(
            CanonicalJson.canonicalize("{\"\\ud83d\\ude00\":1,\"\\ufb33\":2,\"a\":3}"),
            StandardCharsets.UTF_8);

    assertThat(canonical).isEqualTo("{\"a\":3,\"\uD83D\uDE00\":1,\"\uFB33\":2}");
  }

  @Test
  void rejectsMalformedJson() {
    assertThatThrownBy(() -> CanonicalJson.canonicalize("{\"a\":"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("malformed JSON");
  }
}
