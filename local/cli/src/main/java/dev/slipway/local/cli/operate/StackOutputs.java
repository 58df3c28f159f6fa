package dev.slipway.local.cli.operate;

import dev.slipway.awshttp.AwsCallException;
import dev.slipway.awshttp.AwsHttp;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * A deployed stack's outputs, from CloudFormation's DescribeStacks (AWS's query protocol: a form
 * POST, an XML answer), signed with the caller's credentials.
 */
public final class StackOutputs {
  private static final String SERVICE = "cloudformation";
  private static final String OPERATION = "DescribeStacks";

  private final AwsHttp http;
  private final URI endpoint;

  /** CloudFormation at {@code endpoint}, or at the region's endpoint. */
  public StackOutputs(AwsHttp http, Optional<URI> endpoint) {
    this.http = http;
    String region = http.region();
    this.endpoint =
        endpoint.orElseGet(
            () ->
                URI.create(
                    "https://cloudformation."
                        + region
                        + "."
                        + (region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com")));
  }

  /**
   * The outputs of {@code stack} (OutputKey → OutputValue).
   *
   * @throws dev.slipway.model.TerminalStepException {@code Slipway.Cli.StackNotFound}, or {@code
   *     Slipway.Cli.AwsCallFailed}
   */
  public Map<String, String> outputs(String stack) {
    String form =
        "Action="
            + OPERATION
            + "&StackName="
            + URLEncoder.encode(stack, StandardCharsets.UTF_8)
            + "&Version=2010-05-15";
    var request =
        new AwsHttp.Request(
            "POST",
            endpoint.resolve("/"),
            Map.of("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
            form.getBytes(StandardCharsets.UTF_8));
    AwsHttp.Response response;
    try {
      response = http.send(SERVICE, OPERATION, request, StackOutputs::error);
    } catch (AwsCallException e) {
      String message = e.awsMessage() == null ? "" : e.awsMessage();
      if ("ValidationError".equals(e.code()) && message.contains("does not exist")) {
        throw OperateErrors.stackNotFound(stack, http.region());
      }
      throw OperateErrors.awsCall(SERVICE, OPERATION, e.code(), e.awsMessage(), e);
    }
    Document doc = parse(response.body());
    if (doc == null) {
      throw OperateErrors.awsCall(SERVICE, OPERATION, null, "an answer that is not XML", null);
    }
    Map<String, String> outputs = new LinkedHashMap<>();
    NodeList keys = doc.getElementsByTagName("OutputKey");
    for (int i = 0; i < keys.getLength(); i++) {
      Node key = keys.item(i);
      Node member = key.getParentNode();
      if (member instanceof Element m) {
        NodeList values = m.getElementsByTagName("OutputValue");
        outputs.put(
            key.getTextContent().strip(),
            values.getLength() == 0 ? "" : values.item(0).getTextContent().strip());
      }
    }
    return outputs;
  }

  private static AwsCallException error(String operation, AwsHttp.Response response) {
    Document doc = parse(response.body());
    String code = doc == null ? null : text(doc, "Code");
    String message = doc == null ? null : text(doc, "Message");
    return new AwsCallException(SERVICE, operation, response.status(), code, message, null);
  }

  private static String text(Document doc, String tag) {
    NodeList n = doc.getElementsByTagName(tag);
    return n.getLength() == 0 ? null : n.item(0).getTextContent().strip();
  }

  private static Document parse(byte[] body) {
    try {
      var factory = DocumentBuilderFactory.newInstance();
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setExpandEntityReferences(false);
      return factory.newDocumentBuilder().parse(new ByteArrayInputStream(body));
    } catch (Exception e) {
      return null;
    }
  }
}
