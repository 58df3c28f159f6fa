package dev.slipway.local.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.slipway.local.executor.TaskTokens;
import dev.slipway.model.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * A local AWS endpoint for what the webhook function calls, on AWS's JSON protocol ({@code POST /}
 * with {@code X-Amz-Target}) at a free loopback port: Step Functions' StartExecution,
 * DescribeExecution, StopExecution, ListExecutions, GetExecutionHistory, SendTaskSuccess and
 * SendTaskFailure on the local executor ({@link LocalStepFunctions}), and Secrets Manager's
 * GetSecretValue from an in-memory map. Point a client at it with {@code SLIPWAY_SFN_ENDPOINT} and
 * {@code SLIPWAY_SECRETS_ENDPOINT} (or {@code SLIPWAY_AWS_ENDPOINT}).
 *
 * <p>It does <b>not</b> check SigV4 signatures (any key signs): it only requires an {@code
 * Authorization: AWS4-HMAC-SHA256 ...} header, so that a client that forgot to sign fails here as
 * it would on AWS ({@code 403 MissingAuthenticationTokenException}). Errors are AWS's: a 400 with
 * {@code {"__type": "<Code>", "message": "..."}}. It logs the operation and the answer's status and
 * code, never a body (a secret, a task token).
 */
public final class LocalAwsEndpoint implements AutoCloseable {
  // the operations served, by X-Amz-Target
  static final String START = "AWSStepFunctions.StartExecution";
  static final String DESCRIBE = "AWSStepFunctions.DescribeExecution";
  static final String STOP = "AWSStepFunctions.StopExecution";
  static final String LIST = "AWSStepFunctions.ListExecutions";
  static final String HISTORY = "AWSStepFunctions.GetExecutionHistory";
  static final String SUCCESS = "AWSStepFunctions.SendTaskSuccess";
  static final String FAILURE = "AWSStepFunctions.SendTaskFailure";
  static final String GET_SECRET = "secretsmanager.GetSecretValue";

  private static final int MAX_BODY = 1 << 20;

  /** An AWS error answer: the status, the {@code __type} code and the message. */
  static final class AwsError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String code;

    AwsError(String code, String message) {
      this(400, code, message);
    }

    AwsError(int status, String code, String message) {
      super(message, null, false, false);
      this.status = status;
      this.code = code;
    }
  }

  private final LoopbackServer server;
  private final Map<String, Function<JsonNode, ObjectNode>> operations;
  private final Map<String, String> secrets;
  private final Consumer<String> log;

  /** The Step Functions served; null until {@link #serve} (Secrets Manager answers before). */
  private volatile LocalStepFunctions sfn;

  private LocalAwsEndpoint(Map<String, String> secrets, Consumer<String> log) {
    this.secrets = Map.copyOf(secrets);
    this.log = log;
    this.operations =
        Map.of(
            START, in -> sfn().startExecution(in),
            DESCRIBE, in -> sfn().describeExecution(in),
            STOP, in -> sfn().stopExecution(in),
            LIST, in -> sfn().listExecutions(in),
            HISTORY, in -> sfn().getExecutionHistory(in),
            SUCCESS, in -> sfn().sendTaskSuccess(in),
            FAILURE, in -> sfn().sendTaskFailure(in),
            GET_SECRET, this::getSecretValue);
    this.server = new LoopbackServer("slipway-local-aws", "the local AWS endpoint", this::handle);
  }

  /**
   * Asks the JDK's HTTP server for TCP_NODELAY; without it each kept-alive call stalls ~40 ms
   * (Nagle's algorithm against the client's delayed ACK). The server reads the setting once, when
   * the JVM's first {@code HttpServer} starts: call this before any (the Prometheus replay, the
   * Grafana recorder) start. A value the user set is kept.
   */
  public static void preferNoDelay() {
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  /**
   * Starts the endpoint over {@code starter} (StartExecution, DescribeExecution) and {@code tokens}
   * (SendTask*), serving {@code secrets} (secret id → secret string); logs one line per call.
   */
  public static LocalAwsEndpoint start(
      LocalExecutionStarter starter,
      TaskTokens tokens,
      Map<String, String> secrets,
      Consumer<String> log) {
    return start(starter, tokens, secrets, log, new SecureRandom());
  }

  /** As above, with the random generator that names executions started without a name. */
  static LocalAwsEndpoint start(
      LocalExecutionStarter starter,
      TaskTokens tokens,
      Map<String, String> secrets,
      Consumer<String> log,
      RandomGenerator random) {
    LocalAwsEndpoint endpoint = open(secrets, log);
    endpoint.serve(starter, tokens, random);
    return endpoint;
  }

  /**
   * Opens the endpoint with Secrets Manager only, so that its URL can be given to the functions
   * before the executor behind Step Functions exists; {@link #serve} adds Step Functions (until
   * then its operations answer 503 ServiceUnavailable).
   */
  static LocalAwsEndpoint open(Map<String, String> secrets, Consumer<String> log) {
    return new LocalAwsEndpoint(secrets, log);
  }

  /** Serves Step Functions over {@code starter} and {@code tokens}. */
  void serve(LocalExecutionStarter starter, TaskTokens tokens, RandomGenerator random) {
    this.sfn = new LocalStepFunctions(starter, tokens, random);
  }

  private LocalStepFunctions sfn() {
    LocalStepFunctions served = sfn;
    if (served == null) {
      throw new AwsError(
          503, "ServiceUnavailable", "slipway up is still starting; try again in a moment");
    }
    return served;
  }

  /** {@code http://127.0.0.1:<port>}. */
  public URI uri() {
    return server.uri();
  }

  private void handle(HttpExchange x) throws IOException {
    String target = x.getRequestHeaders().getFirst("X-Amz-Target");
    String operation = target == null ? "(no X-Amz-Target)" : target;
    int status;
    ObjectNode answer;
    String code = "";
    try (x) {
      try {
        answer = call(x, target);
        status = 200;
      } catch (AwsError e) {
        status = e.status;
        code = " " + e.code;
        answer =
            Json.mapper().createObjectNode().put("__type", e.code).put("message", e.getMessage());
      } catch (RuntimeException e) {
        status = 500;
        code = " InternalFailure";
        answer =
            Json.mapper()
                .createObjectNode()
                .put("__type", "InternalFailure")
                .put("message", "the local endpoint failed: " + e);
      }
      byte[] body = Json.mapper().writeValueAsBytes(answer);
      String json = target != null && target.startsWith("secretsmanager.") ? "1.1" : "1.0";
      x.getResponseHeaders().set("Content-Type", "application/x-amz-json-" + json);
      x.getResponseHeaders().set("x-amzn-RequestId", UUID.nameUUIDFromBytes(body).toString());
      x.sendResponseHeaders(status, body.length);
      x.getResponseBody().write(body);
    }
    log.accept("aws: " + operation + " → " + status + code);
  }

  private ObjectNode call(HttpExchange x, String target) throws IOException {
    String auth = x.getRequestHeaders().getFirst("Authorization");
    if (auth == null || auth.isBlank()) {
      throw new AwsError(
          403,
          "MissingAuthenticationTokenException",
          "Missing Authentication Token: sign the request with SigV4 (any key; this local"
              + " endpoint does not check the signature)");
    }
    if (!auth.startsWith("AWS4-HMAC-SHA256 ")) {
      throw new AwsError(
          403,
          "IncompleteSignatureException",
          "the Authorization header is not a SigV4 signature (AWS4-HMAC-SHA256 ...)");
    }
    Function<JsonNode, ObjectNode> op = target == null ? null : operations.get(target);
    if (!"POST".equals(x.getRequestMethod()) || op == null) {
      throw new AwsError(
          "UnknownOperationException",
          "slipway's local AWS endpoint serves POST / with X-Amz-Target "
              + String.join(", ", new TreeSet<>(operations.keySet()))
              + "; got "
              + x.getRequestMethod()
              + " "
              + (target == null ? "without X-Amz-Target" : target));
    }
    return op.apply(body(x.getRequestBody()));
  }

  private static JsonNode body(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(MAX_BODY + 1);
    if (bytes.length > MAX_BODY) {
      throw new AwsError("SerializationException", "the request body is over 1 MiB");
    }
    try {
      JsonNode n =
          bytes.length == 0 ? Json.mapper().createObjectNode() : Json.mapper().readTree(bytes);
      if (n == null || !n.isObject()) {
        throw new AwsError("SerializationException", "the request body is not a JSON object");
      }
      return n;
    } catch (IOException e) {
      throw new AwsError("SerializationException", "the request body is not JSON");
    }
  }

  private ObjectNode getSecretValue(JsonNode in) {
    String id = required(in, "SecretId");
    String value = secrets.get(id);
    if (value == null) {
      throw new AwsError(
          "ResourceNotFoundException",
          "Secrets Manager can't find the specified secret ("
              + id
              + "; this local endpoint holds "
              + String.join(", ", new TreeSet<>(secrets.keySet()))
              + ")");
    }
    ObjectNode out = Json.mapper().createObjectNode();
    out.put(
        "ARN", "arn:aws:secretsmanager:" + LocalEnvironment.REGION + ":123456789012:secret:" + id);
    out.put("Name", id);
    out.put("VersionId", UUID.nameUUIDFromBytes(id.getBytes(StandardCharsets.UTF_8)).toString());
    out.put("SecretString", value);
    out.putArray("VersionStages").add("AWSCURRENT");
    return out;
  }

  /** The text field {@code name} of a request, or a 400 ValidationException naming it. */
  static String required(JsonNode in, String name) {
    JsonNode v = in.get(name);
    if (v == null || !v.isTextual() || v.asText().isEmpty()) {
      throw new AwsError(
          "ValidationException", "1 validation error detected: '" + name + "' must be given");
    }
    return v.asText();
  }

  @Override
  public void close() {
    server.close();
  }
}
