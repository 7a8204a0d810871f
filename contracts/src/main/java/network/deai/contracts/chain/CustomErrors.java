package network.deai.contracts.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * Decodes Solidity custom errors ({@code error X(...)}) from revert data, using the ABI of a
 * compiled contract shipped on the classpath ({@code network/deai/contracts/abi/<Name>.abi}).
 */
public final class CustomErrors {
  private final Map<String, ErrorShape> bySelector;

  private CustomErrors(Map<String, ErrorShape> bySelector) {
    this.bySelector = bySelector;
  }

  /** A decoded custom error: its name and its arguments as web3j values. */
  public record Decoded(String name, List<Object> args) {
    /** Copies the arguments. */
    public Decoded {
      args = List.copyOf(args);
    }
  }

  private record ErrorShape(String name, List<TypeReference<Type<?>>> types) {}

  /** Loads the errors of contract {@code name} from its ABI on the classpath. */
  public static CustomErrors forContract(String name) {
    String resource = "/network/deai/contracts/abi/" + name + ".abi";
    try (InputStream in = CustomErrors.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("ABI " + resource + " is not on the classpath");
      }
      return fromAbi(new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static CustomErrors fromAbi(JsonNode abi) {
    Map<String, ErrorShape> shapes = new HashMap<>();
    for (JsonNode entry : abi) {
      if (!"error".equals(entry.path("type").asText())) {
        continue;
      }
      List<String> typeNames = new ArrayList<>();
      List<TypeReference<Type<?>>> types = new ArrayList<>();
      for (JsonNode input : entry.path("inputs")) {
        typeNames.add(input.path("type").asText());
        types.add(typeReference(input.path("type").asText()));
      }
      String signature = entry.path("name").asText() + "(" + String.join(",", typeNames) + ")";
      String selector = Hash.sha3String(signature).substring(0, 10);
      shapes.put(selector, new ErrorShape(entry.path("name").asText(), types));
    }
    return new CustomErrors(shapes);
  }

  @SuppressWarnings("unchecked")
  private static TypeReference<Type<?>> typeReference(String solidityType) {
    try {
      return (TypeReference<Type<?>>)
          (TypeReference<?>) TypeReference.makeTypeReference(solidityType);
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException("unsupported error argument type " + solidityType, e);
    }
  }

  /** Decodes {@code revertData} (0x-prefixed hex), or empty when no known error matches. */
  @SuppressWarnings({"rawtypes", "unchecked"}) // web3j's decoder API is declared with raw Type
  public Optional<Decoded> decode(String revertData) {
    if (revertData.length() < 10) {
      return Optional.empty();
    }
    ErrorShape shape =
        bySelector.get(revertData.substring(0, 10).toLowerCase(java.util.Locale.ROOT));
    if (shape == null) {
      return Optional.empty();
    }
    List<Type> values =
        FunctionReturnDecoder.decode(
            Numeric.prependHexPrefix(revertData.substring(10)),
            new ArrayList<>(
                shape.types().stream()
                    .map(t -> (TypeReference<Type>) (TypeReference<?>) t)
                    .toList()));
    List<Object> args = new ArrayList<>();
    for (Type<?> value : values) {
      args.add(value.getValue());
    }
    return Optional.of(new Decoded(shape.name(), args));
  }
}
