package network.deai.node.domain;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import network.deai.contracts.abi.Bytes32;
import org.jspecify.annotations.Nullable;

/**
 * A task spec: which executor runs, on which content-addressed model and inputs, with which
 * parameters and seed. Its on-chain {@code specDigest} is the SHA-256 of {@link #canonicalBytes()}
 * (RFC 8785), so every replica works on exactly the same thing.
 *
 * <pre>{"executor":"linear","inputs":{"digest":"..","size":n,"uri":".."},
 *  "model":{..},"parameters":{..},"seed":7,"version":1}</pre>
 */
public record TaskSpec(
    String executor,
    ArtifactRef inputs,
    @Nullable ArtifactRef model,
    ObjectNode parameters,
    long seed) {
  /** The only spec version so far. */
  public static final int VERSION = 1;

  /** Largest spec document a worker reads. */
  public static final int MAX_BYTES = 64 * 1024;

  private static final Pattern EXECUTOR = Pattern.compile("[a-z0-9][a-z0-9.\\-]{0,63}");
  private static final Set<String> FIELDS =
      Set.of("executor", "inputs", "model", "parameters", "seed", "version");
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  /** Checks the executor name and the seed, and copies the parameters. */
  public TaskSpec {
    if (!EXECUTOR.matcher(executor).matches()) {
      throw new IllegalArgumentException(
          "executor name must match " + EXECUTOR.pattern() + ": " + executor);
    }
    if (seed < 0 || seed > (1L << 53) - 1) {
      throw new IllegalArgumentException("seed must be in 0..2^53-1: " + seed);
    }
    parameters = parameters.deepCopy();
  }

  /** The model, for executors that take one. */
  public Optional<ArtifactRef> modelRef() {
    return Optional.ofNullable(model);
  }

  /** The canonical JSON bytes whose SHA-256 is the spec digest. */
  public byte[] canonicalBytes() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("executor", executor);
    json.set("inputs", ref(inputs));
    if (model != null) {
      json.set("model", ref(model));
    }
    json.set("parameters", parameters);
    json.put("seed", seed);
    json.put("version", VERSION);
    return CanonicalJson.canonicalize(json);
  }

  /** Parses and validates a spec document; every problem becomes a {@code malformed-spec}. */
  public static Outcome<TaskSpec> parse(byte[] json) {
    if (json.length > MAX_BYTES) {
      return Outcome.rejected(
          Rejection.Code.MALFORMED_SPEC, "spec is " + json.length + " bytes, max " + MAX_BYTES);
    }
    try {
      JsonNode root = MAPPER.readTree(json);
      if (root == null || !root.isObject()) {
        return Outcome.rejected(Rejection.Code.MALFORMED_SPEC, "spec is not a JSON object");
      }
      Set<String> unknown = new TreeSet<>();
      root.fieldNames().forEachRemaining(unknown::add);
      unknown.removeAll(FIELDS);
      if (!unknown.isEmpty()) {
        return Outcome.rejected(Rejection.Code.MALFORMED_SPEC, "unknown fields " + unknown);
      }
      if (root.path("version").asInt(-1) != VERSION || !root.path("version").isInt()) {
        return Outcome.rejected(Rejection.Code.MALFORMED_SPEC, "spec version must be " + VERSION);
      }
      JsonNode parameters = root.path("parameters");
      if (!parameters.isMissingNode() && !parameters.isObject()) {
        return Outcome.rejected(Rejection.Code.MALFORMED_SPEC, "parameters must be an object");
      }
      JsonNode seed = root.path("seed");
      if (!seed.isIntegralNumber() || !seed.canConvertToLong()) {
        return Outcome.rejected(Rejection.Code.MALFORMED_SPEC, "seed must be an integer");
      }
      return Outcome.ok(
          new TaskSpec(
              text(root, "executor"),
              readRef(root.path("inputs"), "inputs"),
              root.has("model") ? readRef(root.path("model"), "model") : null,
              parameters.isObject()
                  ? (ObjectNode) parameters
                  : JsonNodeFactory.instance.objectNode(),
              seed.asLong()));
    } catch (JsonProcessingException e) {
      return Outcome.rejected(
          Rejection.Code.MALFORMED_SPEC, "not valid JSON: " + e.getOriginalMessage());
    } catch (IllegalArgumentException e) {
      return Outcome.rejected(Rejection.Code.MALFORMED_SPEC, String.valueOf(e.getMessage()));
    } catch (java.io.IOException e) {
      return Outcome.rejected(Rejection.Code.MALFORMED_SPEC, "unreadable: " + e.getMessage());
    }
  }

  private static ArtifactRef readRef(JsonNode node, String name) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(name + " must be an object {digest, size, uri}");
    }
    JsonNode size = node.path("size");
    if (!size.isIntegralNumber() || !size.canConvertToLong()) {
      throw new IllegalArgumentException(name + ".size must be an integer");
    }
    String digest = text(node, "digest");
    if (!digest.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException(name + ".digest must be 64 lower-case hex digits");
    }
    return new ArtifactRef(Bytes32.fromHex(digest), size.asLong(), text(node, "uri"));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (!value.isTextual()) {
      throw new IllegalArgumentException(field + " must be a string");
    }
    return value.asText();
  }

  private static ObjectNode ref(ArtifactRef ref) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("digest", ref.digest().toHex().replaceFirst("^0x", ""));
    json.put("size", ref.size());
    json.put("uri", ref.uri());
    return json;
  }
}
