package dev.slipway.manifests;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import dev.slipway.model.FieldText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/** Multi-document YAML in and out, with the file and line every document came from. */
final class Yaml {
  private static final YAMLMapper MAPPER =
      YAMLMapper.builder(
              YAMLFactory.builder()
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                  .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                  // a decimal parameter value is written as it was given (1.50, 0.0000001)
                  .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
                  .stringQuotingChecker(new Quoting())
                  .build())
          .build();

  private Yaml() {}

  /**
   * Jackson's quoting rules, plus: a string holding a character that a plain or block scalar would
   * not keep as it is (NEL and U+2028/U+2029 fold into spaces or breaks; controls, byte-order
   * marks, bidi controls and lone surrogates, all that {@link FieldText} refuses) is written
   * double-quoted, where the emitter escapes it, so that it reads back as rendered. (Jackson writes
   * a string with a line feed as a literal block whatever this says, where CR and NEL read back as
   * line feeds; only template text can hold those, since release fields and parameters are single
   * lines.)
   */
  private static final class Quoting extends StringQuotingChecker.Default {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean needToQuoteName(String name) {
      return super.needToQuoteName(name) || FieldText.problem(name).isPresent();
    }

    @Override
    public boolean needToQuoteValue(String value) {
      return super.needToQuoteValue(value) || FieldText.problem(value).isPresent();
    }
  }

  /** One YAML document that is a mapping, with where it starts. */
  record Document(String file, int line, ObjectNode object) {
    ObjectRef ref() {
      return ObjectRef.of(object);
    }
  }

  /**
   * The documents of {@code text}, every scalar taken as written; empty documents are skipped (as
   * kubectl does).
   *
   * @throws dev.slipway.model.TerminalStepException {@code InvalidYaml} with file, line and column,
   *     or {@code InvalidObject} for a document that is not a mapping
   */
  static List<Document> documents(String file, String text) {
    return documents(file, text, (scalar, plain) -> TextNode.valueOf(scalar), message -> message);
  }

  /** Makes the node for a string scalar (a value, or a key when {@code plain} is false). */
  @FunctionalInterface
  interface Scalars {
    /**
     * @param plain whether the scalar was written plain: without quotes, block indicator, tag or
     *     anchor
     */
    JsonNode scalar(String text, boolean plain);
  }

  /**
   * The documents of {@code text}, each string scalar (key or value) made by {@code scalars};
   * parser messages pass through {@code readable} before they reach an error.
   */
  static List<Document> documents(
      String file, String text, Scalars scalars, UnaryOperator<String> readable) {
    var documents = new ArrayList<Document>();
    try (JsonParser parser = MAPPER.createParser(text)) {
      var reader = new TreeReader(file, text, (YAMLParser) parser, scalars);
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        int line = parser.currentTokenLocation().getLineNr();
        if (token == JsonToken.VALUE_NULL) {
          continue;
        }
        if (token != JsonToken.START_OBJECT) {
          throw ManifestErrors.invalidObject(
              file,
              line,
              "it is "
                  + (token == JsonToken.START_ARRAY ? "a list" : "a plain value")
                  + ", not a mapping with apiVersion, kind and metadata");
        }
        documents.add(new Document(file, line, (ObjectNode) reader.read()));
      }
    } catch (JsonProcessingException e) {
      var location = e.getLocation();
      throw ManifestErrors.invalidYaml(
          file,
          location == null ? 0 : location.getLineNr(),
          location == null ? 0 : location.getColumnNr(),
          readable
              .apply(e.getOriginalMessage())
              .replace(" in 'reader',", "")
              .replaceAll("\\s+", " ")
              .trim(),
          e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return documents;
  }

  /**
   * Builds one document's tree from the parser's tokens, so that each string scalar goes through
   * {@link Scalars} knowing whether it was written plain. Aliases are refused: Jackson would read
   * {@code *name} as the string "name", which is never what a template means.
   */
  private record TreeReader(String file, String text, YAMLParser parser, Scalars scalars) {
    JsonNode read() throws IOException {
      JsonToken token = parser.currentToken();
      if (parser.isCurrentAlias()) {
        throw refused(
            "an alias (*name) refers to an anchor; Slipway does not expand aliases in templates,"
                + " write the value out");
      }
      switch (token) {
        case START_OBJECT:
          return readObject();
        case START_ARRAY:
          ArrayNode array = MAPPER.createArrayNode();
          while (parser.nextToken() != JsonToken.END_ARRAY) {
            array.add(read());
          }
          return array;
        case VALUE_STRING:
          return scalars.scalar(parser.getText(), plain(parser.currentTokenLocation()));
        default:
          JsonNode node = MAPPER.readTree(parser);
          return node == null ? NullNode.getInstance() : node;
      }
    }

    private ObjectNode readObject() throws IOException {
      ObjectNode object = MAPPER.createObjectNode();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        var at = parser.currentTokenLocation();
        String key = scalars.scalar(parser.currentName(), false).asText();
        parser.nextToken();
        JsonNode value = read();
        if (object.has(key)) {
          // The parser refuses keys repeated as written; these became equal by substitution.
          throw ManifestErrors.invalidYaml(
              file,
              at.getLineNr(),
              at.getColumnNr(),
              "this key equals an earlier key of the same mapping once parameters are"
                  + " substituted",
              null);
        }
        object.set(key, value);
      }
      return object;
    }

    private RuntimeException refused(String problem) {
      var at = parser.currentTokenLocation();
      return ManifestErrors.invalidYaml(file, at.getLineNr(), at.getColumnNr(), problem, null);
    }

    /** A plain scalar starts with none of the characters that open another kind of scalar. */
    private boolean plain(JsonLocation start) {
      long offset = start.getCharOffset();
      return offset >= 0
          && offset < text.length()
          && "\"'|>!&*".indexOf(text.charAt((int) offset)) < 0;
    }
  }

  /** The objects as one multi-document YAML stream, each starting with {@code ---}. */
  static String write(List<? extends JsonNode> objects) {
    var out = new StringBuilder();
    for (JsonNode object : objects) {
      out.append("---\n").append(write(object));
    }
    return out.toString();
  }

  static String write(JsonNode object) {
    try {
      return MAPPER.writeValueAsString(object);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  /** A copy with every mapping's keys in order, so that two renderings compare line by line. */
  static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      var fields = new TreeMap<String, JsonNode>();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        var entry = it.next();
        fields.put(entry.getKey(), sorted(entry.getValue()));
      }
      ObjectNode copy = MAPPER.createObjectNode();
      fields.forEach(copy::set);
      return copy;
    }
    if (node.isArray()) {
      var copy = MAPPER.createArrayNode();
      node.forEach(element -> copy.add(sorted(element)));
      return copy;
    }
    return node.deepCopy();
  }
}
