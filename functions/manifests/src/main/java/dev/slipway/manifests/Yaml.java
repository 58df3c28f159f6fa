package dev.slipway.manifests;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Multi-document YAML in and out, with the file and line every document came from. */
final class Yaml {
  private static final YAMLMapper MAPPER =
      YAMLMapper.builder(
              YAMLFactory.builder()
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                  .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                  .build())
          .build();

  private Yaml() {}

  /**
   * Refuses YAML aliases ({@code *name}). Jackson does not expand them (it reads {@code *name} as
   * the text {@code name}), so a template that relies on one would be applied differently from what
   * kubectl shows; and expanding them is how an alias bomb ("billion laughs") turns a few lines
   * into billions of nodes. A template writes values out instead. Refused at the first alias,
   * before anything is built.
   */
  private static final class NoAliases extends JsonParserDelegate {
    private final YAMLParser yaml;

    NoAliases(YAMLParser yaml) {
      super(yaml);
      this.yaml = yaml;
    }

    @Override
    public JsonToken nextToken() throws IOException {
      JsonToken t = super.nextToken();
      if (yaml.isCurrentAlias()) {
        throw new JsonParseException(
            this,
            "a YAML alias (*name): Slipway does not expand anchors and aliases in templates;"
                + " write the value out where the alias stands");
      }
      return t;
    }

    @Override
    public JsonToken nextValue() throws IOException {
      JsonToken t = nextToken();
      return t == JsonToken.FIELD_NAME ? nextToken() : t;
    }

    @Override
    public String nextFieldName() throws IOException {
      return nextToken() == JsonToken.FIELD_NAME ? currentName() : null;
    }

    @Override
    public boolean nextFieldName(SerializableString name) throws IOException {
      return nextToken() == JsonToken.FIELD_NAME && name.getValue().equals(currentName());
    }

    @Override
    public String nextTextValue() throws IOException {
      return nextToken() == JsonToken.VALUE_STRING ? getText() : null;
    }
  }

  /** One YAML document that is a mapping, with where it starts. */
  record Document(String file, int line, ObjectNode object) {
    ObjectRef ref() {
      return ObjectRef.of(object);
    }
  }

  /**
   * The documents of {@code text}; empty documents are skipped (as kubectl does).
   *
   * @throws dev.slipway.model.TerminalStepException {@code InvalidYaml} with file, line and column,
   *     or {@code InvalidObject} for a document that is not a mapping
   */
  static List<Document> documents(String file, String text) {
    var documents = new ArrayList<Document>();
    try (JsonParser parser = new NoAliases((YAMLParser) MAPPER.createParser(text))) {
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
        JsonNode node = MAPPER.readTree(parser);
        documents.add(new Document(file, line, (ObjectNode) node));
      }
    } catch (JsonProcessingException e) {
      var location = e.getLocation();
      throw ManifestErrors.invalidYaml(
          file,
          location == null ? 0 : location.getLineNr(),
          location == null ? 0 : location.getColumnNr(),
          e.getOriginalMessage().replace(" in 'reader',", "").replaceAll("\\s+", " ").trim(),
          e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return documents;
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
