package dev.slipway.local.cli.operate;

import dev.slipway.awshttp.AwsCredentials;
import dev.slipway.awshttp.AwsHttp;
import dev.slipway.awshttp.CredentialSource;
import dev.slipway.store.ArtifactStore;
import dev.slipway.store.S3ArtifactStore;
import dev.slipway.store.S3Clients;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The Slipway an operating command acts on: a deployed stack ({@link #stack}: its endpoints from
 * the stack's CloudFormation outputs, the caller's AWS credentials and region from the SDK's
 * default chains) or the one {@code slipway up} runs ({@link #local}: from the file it writes).
 * Gives a Step Functions client, the artifact store, the caller's identity and links.
 */
public final class OperatorTarget implements AutoCloseable {
  /** The stack outputs a target needs (infra's SlipwayStack writes them). */
  public static final String OUTPUT_STATE_MACHINE = "StateMachineArn";

  public static final String OUTPUT_BUCKET = "BucketName";
  public static final String OUTPUT_API_URL = "ApiUrl";

  /** The variables of {@code .slipway/local.env} a local target reads. */
  static final String SFN_ENDPOINT = "SLIPWAY_SFN_ENDPOINT";

  static final String STATE_MACHINE = "SLIPWAY_STATE_MACHINE_ARN";
  static final String BUCKET = "SLIPWAY_BUCKET";
  static final String S3_ENDPOINT = "SLIPWAY_S3_ENDPOINT";
  static final String API_URL = "SLIPWAY_API_URL";
  static final String REGION = "AWS_REGION";
  static final String ACCESS_KEY = "AWS_ACCESS_KEY_ID";
  static final String SECRET_KEY = "AWS_SECRET_ACCESS_KEY";

  /** Where a target's endpoints point. */
  public enum Kind {
    /** A deployed stack, on AWS. */
    STACK,
    /** {@code slipway up} on this machine. */
    LOCAL
  }

  /**
   * What a target is made of.
   *
   * @param name the stack's name, or {@code local}
   * @param apiUrl the webhook API's base URL (approval pages live under it), when known
   * @param s3Endpoint an S3-compatible endpoint (local), or empty for AWS's
   */
  public record Endpoints(
      Kind kind,
      String name,
      String region,
      String stateMachineArn,
      String bucket,
      Optional<URI> apiUrl,
      Optional<URI> s3Endpoint) {}

  private final Endpoints endpoints;
  private final SfnClient sfn;
  private final ArtifactStore store;
  private final Supplier<String> caller;
  private final List<AutoCloseable> resources;
  private String callerCache;

  /**
   * A target over the given clients (tests build one over stand-ins).
   *
   * @param caller who the caller is, as records name them (asked once, when first needed)
   * @param resources closed with the target
   */
  public OperatorTarget(
      Endpoints endpoints,
      SfnClient sfn,
      ArtifactStore store,
      Supplier<String> caller,
      List<AutoCloseable> resources) {
    this.endpoints = endpoints;
    this.sfn = sfn;
    this.store = store;
    this.caller = caller;
    this.resources = List.copyOf(resources);
  }

  /**
   * The deployed stack {@code name}: its outputs read with DescribeStacks; credentials and region
   * from the AWS SDK's default chains (region: {@code region} when given).
   */
  public static OperatorTarget stack(String name, Optional<String> region) {
    AwsCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
    Region r = region.map(Region::of).orElseGet(OperatorTarget::defaultRegion);
    Map<String, String> outputs =
        new StackOutputs(new AwsHttp(credentialSource(credentials), r.id()), Optional.<URI>empty())
            .outputs(name);
    var endpoints =
        new Endpoints(
            Kind.STACK,
            name,
            r.id(),
            required(outputs, name, OUTPUT_STATE_MACHINE),
            required(outputs, name, OUTPUT_BUCKET),
            Optional.ofNullable(outputs.get(OUTPUT_API_URL)).map(OperatorTarget::withoutSlash),
            Optional.empty());
    List<AutoCloseable> resources = new ArrayList<>();
    SfnClient sfn =
        SfnClient.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .region(r)
            .credentialsProvider(credentials)
            .build();
    resources.add(sfn);
    S3Client s3 =
        S3Clients.builder(r.id(), Optional.empty()).credentialsProvider(credentials).build();
    resources.add(s3);
    StsClient sts =
        StsClient.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .region(r)
            .credentialsProvider(credentials)
            .build();
    resources.add(sts);
    Supplier<String> caller =
        () -> {
          try {
            return sts.getCallerIdentity().arn();
          } catch (SdkException e) {
            throw AwsCalls.failed("sts", "GetCallerIdentity", e);
          }
        };
    return new OperatorTarget(
        endpoints, sfn, new S3ArtifactStore(s3, endpoints.bucket()), caller, resources);
  }

  /**
   * The {@code slipway up} that wrote {@code envFile}.
   *
   * @throws dev.slipway.model.TerminalStepException {@code Slipway.Cli.LocalNotRunning}: no file,
   *     or nothing listening where it points
   */
  public static OperatorTarget local(Path envFile) {
    Map<String, String> vars;
    try {
      vars = readEnvFile(envFile);
    } catch (NoSuchFileException e) {
      throw OperateErrors.localNotRunning(envFile, "no such file");
    } catch (IOException e) {
      throw OperateErrors.localNotRunning(envFile, "unreadable: " + e.getClass().getSimpleName());
    }
    return local(vars, envFile);
  }

  /** The {@code slipway up} whose environment file holds {@code vars}. */
  public static OperatorTarget local(Map<String, String> vars, Path envFile) {
    URI sfnEndpoint = URI.create(localRequired(vars, envFile, SFN_ENDPOINT));
    if (!listening(sfnEndpoint)) {
      throw OperateErrors.localNotRunning(
          envFile, "nothing answers at " + sfnEndpoint + "; the file is from an earlier run");
    }
    String region = localRequired(vars, envFile, REGION);
    var endpoints =
        new Endpoints(
            Kind.LOCAL,
            "local",
            region,
            localRequired(vars, envFile, STATE_MACHINE),
            localRequired(vars, envFile, BUCKET),
            Optional.ofNullable(vars.get(API_URL)).map(OperatorTarget::withoutSlash),
            Optional.of(URI.create(localRequired(vars, envFile, S3_ENDPOINT))));
    // the local endpoints take any key: the file's are the embedded S3 server's
    var credentials =
        StaticCredentialsProvider.create(
            AwsBasicCredentials.create(
                localRequired(vars, envFile, ACCESS_KEY),
                localRequired(vars, envFile, SECRET_KEY)));
    List<AutoCloseable> resources = new ArrayList<>();
    SfnClient sfn =
        SfnClient.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .endpointOverride(sfnEndpoint)
            .region(Region.of(region))
            .credentialsProvider(credentials)
            .build();
    resources.add(sfn);
    S3Client s3 =
        S3Clients.builder(region, endpoints.s3Endpoint()).credentialsProvider(credentials).build();
    resources.add(s3);
    return new OperatorTarget(
        endpoints,
        sfn,
        new S3ArtifactStore(s3, endpoints.bucket()),
        OperatorTarget::localUser,
        resources);
  }

  /** Who runs this command locally: the OS user, marked as local. */
  public static String localUser() {
    String user = System.getProperty("user.name");
    return (user == null || user.isBlank() ? "unknown" : user) + " (local)";
  }

  public Endpoints endpoints() {
    return endpoints;
  }

  public Kind kind() {
    return endpoints.kind();
  }

  public boolean local() {
    return endpoints.kind() == Kind.LOCAL;
  }

  /** The stack's name, or {@code local}. */
  public String name() {
    return endpoints.name();
  }

  public String region() {
    return endpoints.region();
  }

  public String stateMachineArn() {
    return endpoints.stateMachineArn();
  }

  public String bucket() {
    return endpoints.bucket();
  }

  public SfnClient sfn() {
    return sfn;
  }

  public ArtifactStore store() {
    return store;
  }

  /**
   * Who the caller is, as records name a person: the ARN STS's GetCallerIdentity answers on AWS
   * (e.g. {@code arn:aws:sts::123456789012:assumed-role/Operator/alice}); {@code <user> (local)}
   * locally.
   */
  public synchronized String caller() {
    if (callerCache == null) {
      callerCache = caller.get();
    }
    return callerCache;
  }

  /** The console page of an execution (AWS), or its ARN (local: no console). */
  public String executionLink(String executionArn) {
    if (local()) {
      return executionArn;
    }
    return "https://"
        + region()
        + ".console.aws.amazon.com/states/home?region="
        + region()
        + "#/v2/executions/details/"
        + executionArn;
  }

  /** Where an object of the bucket can be looked at: the S3 console (AWS), or its s3:// URL. */
  public String objectLink(String key) {
    if (local()) {
      return "s3://" + bucket() + "/" + key;
    }
    return "https://s3.console.aws.amazon.com/s3/object/"
        + bucket()
        + "?region="
        + region()
        + "&prefix="
        + URLEncoder.encode(key, StandardCharsets.UTF_8);
  }

  /** The webhook API's base URL (no trailing slash), when the target has one. */
  public Optional<URI> apiUrl() {
    return endpoints.apiUrl();
  }

  @Override
  public void close() {
    for (AutoCloseable r : resources) {
      try {
        r.close();
      } catch (Exception e) {
        // closing a client frees its connections; a failure there changes nothing for the user
      }
    }
  }

  /** {@code KEY=VALUE} lines; {@code #} comments and blank lines skipped. */
  static Map<String, String> readEnvFile(Path file) throws IOException {
    Map<String, String> vars = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String l = line.strip();
      int eq = l.indexOf('=');
      if (l.isEmpty() || l.startsWith("#") || eq <= 0) {
        continue;
      }
      vars.put(l.substring(0, eq).strip(), l.substring(eq + 1).strip());
    }
    return vars;
  }

  private static boolean listening(URI endpoint) {
    int port = endpoint.getPort() > 0 ? endpoint.getPort() : 80;
    try (var socket = new Socket()) {
      socket.connect(new InetSocketAddress(endpoint.getHost(), port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String required(Map<String, String> outputs, String stack, String key) {
    String v = outputs.get(key);
    if (v == null || v.isBlank()) {
      throw OperateErrors.outputMissing(stack, key);
    }
    return v;
  }

  private static String localRequired(Map<String, String> vars, Path envFile, String key) {
    String v = vars.get(key);
    if (v == null || v.isBlank()) {
      throw OperateErrors.localFileIncomplete(envFile, key);
    }
    return v;
  }

  private static URI withoutSlash(String url) {
    return URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
  }

  private static Region defaultRegion() {
    try {
      return new DefaultAwsRegionProviderChain().getRegion();
    } catch (SdkClientException e) {
      throw OperateErrors.noCredentials(
          "no region: give --region, set AWS_REGION, or set one in the AWS profile");
    }
  }

  /** The SDK's default credential chain, for the signing of {@link StackOutputs}. */
  private static CredentialSource credentialSource(AwsCredentialsProvider provider) {
    return () -> {
      software.amazon.awssdk.auth.credentials.AwsCredentials c;
      try {
        c = provider.resolveCredentials();
      } catch (SdkClientException e) {
        throw OperateErrors.noCredentials("the AWS SDK's default chain found none");
      }
      return new AwsCredentials(
          c.accessKeyId(),
          c.secretAccessKey(),
          c instanceof AwsSessionCredentials s ? s.sessionToken() : null);
    };
  }
}
