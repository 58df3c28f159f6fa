package dev.slipway.infra;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an operator configures about a Slipway deployment, read from a JSON file ({@code cdk deploy
 * -c slipway:config=my-slipway.json}). Parsing is strict: an unknown field or a malformed value
 * stops the synth with a message naming the field, rather than deploying something else.
 *
 * @param clusters the clusters releases go to; EKS ones get eks:DescribeCluster, and a roleArn gets
 *     sts:AssumeRole
 * @param grafanaUrl Grafana's base URL for annotations, or null to annotate nothing
 * @param prometheusUrl Prometheus (or Thanos, or AMP query) base URL for canary analysis
 * @param prometheusWorkspaceArn an Amazon Managed Prometheus workspace to allow aps:QueryMetrics on
 * @param slipwayConfigFile a local file uploaded as {@code config/slipway.yaml}, relative to the
 *     config file's folder, or null to upload nothing
 * @param vpc where to run the functions that reach clusters, Prometheus and Grafana, or null
 * @param staticSync the buckets static data is copied from and to, or null
 * @param alarmEmail an address subscribed to the notification topic, or null
 * @param logRetentionDays how long function, state machine and API logs are kept
 * @param reservedConcurrency false in accounts with the default concurrency quota of 10, where
 *     reserving any is refused
 * @param apiRateLimit steady-state requests per second the API accepts
 * @param apiBurstLimit the API's burst bucket
 * @param grafanaTokenSecrets Grafana token secrets beyond the stack's own that annotate and
 *     reconcile may read (what config/slipway.yaml's {@code grafana.tokenSecret} may name): names
 *     under {@value #GRAFANA_SECRET_PREFIX}, each a secret's name or a prefix ending in {@code *}
 *     (e.g. {@code slipway/grafana/*}); empty by default: the stack's own token only
 */
public record InfraConfig(
    List<Cluster> clusters,
    String grafanaUrl,
    String prometheusUrl,
    String prometheusWorkspaceArn,
    String slipwayConfigFile,
    VpcPlacement vpc,
    StaticSync staticSync,
    String alarmEmail,
    int logRetentionDays,
    boolean reservedConcurrency,
    double apiRateLimit,
    int apiBurstLimit,
    List<String> grafanaTokenSecrets) {

  /** Where extra Grafana token secrets live (ConfigValidator checks grafana.tokenSecret alike). */
  public static final String GRAFANA_SECRET_PREFIX = "slipway/grafana/";

  private static final Pattern GRAFANA_SECRET =
      Pattern.compile("slipway/grafana/([A-Za-z0-9/_+=.@-]+\\*?|\\*)");

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");
  private static final Pattern ROLE_ARN =
      Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]+");
  private static final Pattern APS_ARN =
      Pattern.compile("arn:aws[a-z-]*:aps:[a-z0-9-]+:\\d{12}:workspace/[\\w-]+");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Set<Integer> RETENTION_DAYS =
      Set.of(
          1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557,
          2922, 3288, 3653);

  @JsonCreator
  public InfraConfig(
      @JsonProperty("clusters") List<Cluster> clusters,
      @JsonProperty("grafanaUrl") String grafanaUrl,
      @JsonProperty("prometheusUrl") String prometheusUrl,
      @JsonProperty("prometheusWorkspaceArn") String prometheusWorkspaceArn,
      @JsonProperty("slipwayConfigFile") String slipwayConfigFile,
      @JsonProperty("vpc") VpcPlacement vpc,
      @JsonProperty("staticSync") StaticSync staticSync,
      @JsonProperty("alarmEmail") String alarmEmail,
      @JsonProperty("logRetentionDays") Integer logRetentionDays,
      @JsonProperty("reservedConcurrency") Boolean reservedConcurrency,
      @JsonProperty("apiRateLimit") Double apiRateLimit,
      @JsonProperty("apiBurstLimit") Integer apiBurstLimit,
      @JsonProperty("grafanaTokenSecrets") List<String> grafanaTokenSecrets) {
    this(
        clusters == null ? List.of() : List.copyOf(clusters),
        grafanaUrl,
        prometheusUrl,
        prometheusWorkspaceArn,
        slipwayConfigFile,
        vpc,
        staticSync,
        alarmEmail,
        logRetentionDays == null ? 90 : logRetentionDays,
        reservedConcurrency == null || reservedConcurrency,
        apiRateLimit == null ? 10.0 : apiRateLimit,
        apiBurstLimit == null ? 20 : apiBurstLimit,
        grafanaTokenSecrets == null ? List.of() : List.copyOf(grafanaTokenSecrets));
  }

  /** The defaults: no clusters, nothing to annotate or query, nothing uploaded. */
  public static InfraConfig defaults() {
    return new InfraConfig(
        null, null, null, null, null, null, null, null, null, null, null, null, null);
  }

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .build();

  /** Reads and validates a config file; every problem is reported with the file's name. */
  public static InfraConfig read(Path file) {
    String json;
    try {
      json = Files.readString(file);
    } catch (IOException e) {
      throw new InfraConfigException(
          file + ": cannot read the Slipway infra config (" + e.getMessage() + ")", e);
    }
    return parse(json, file.toString());
  }

  /** Parses and validates config JSON; {@code source} names it in error messages. */
  public static InfraConfig parse(String json, String source) {
    InfraConfig config;
    try {
      config = MAPPER.readValue(json, InfraConfig.class);
    } catch (JsonProcessingException e) {
      throw new InfraConfigException(
          source + ": not a valid Slipway infra config: " + e.getOriginalMessage(), e);
    }
    List<String> problems = config.problems();
    if (!problems.isEmpty()) {
      throw new InfraConfigException(source + ": " + String.join("; ", problems), null);
    }
    return config;
  }

  /** Every problem with the values, empty when the config is usable. */
  List<String> problems() {
    List<String> problems = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < clusters.size(); i++) {
      Cluster c = clusters.get(i);
      String at = "clusters[" + i + "]";
      if (c == null || c.name() == null || !NAME.matcher(c.name()).matches()) {
        problems.add(at + ".name must be 1-100 letters, digits, '.', '_' or '-'");
        continue;
      }
      if (!names.add(c.name())) {
        problems.add(at + ".name '" + c.name() + "' is used twice");
      }
      if (c.eksClusterName() != null && !NAME.matcher(c.eksClusterName()).matches()) {
        problems.add(at + ".eksClusterName '" + c.eksClusterName() + "' is not an EKS name");
      }
      if (c.region() != null && !REGION.matcher(c.region()).matches()) {
        problems.add(at + ".region '" + c.region() + "' is not an AWS region");
      }
      if (c.roleArn() != null && !ROLE_ARN.matcher(c.roleArn()).matches()) {
        problems.add(at + ".roleArn '" + c.roleArn() + "' is not an IAM role ARN");
      }
    }
    checkUrl(problems, "grafanaUrl", grafanaUrl);
    checkUrl(problems, "prometheusUrl", prometheusUrl);
    if (prometheusWorkspaceArn != null && !APS_ARN.matcher(prometheusWorkspaceArn).matches()) {
      problems.add(
          "prometheusWorkspaceArn '"
              + prometheusWorkspaceArn
              + "' is not an Amazon Managed Prometheus workspace ARN");
    }
    if (vpc != null) {
      if (vpc.vpcId() == null || !vpc.vpcId().startsWith("vpc-")) {
        problems.add("vpc.vpcId must be a VPC id (vpc-...)");
      }
      if (vpc.subnetIds().isEmpty()
          || !vpc.subnetIds().stream().allMatch(s -> s.startsWith("subnet-"))) {
        problems.add("vpc.subnetIds must list the private subnets (subnet-...)");
      }
      if (!vpc.securityGroupIds().stream().allMatch(s -> s.startsWith("sg-"))) {
        problems.add("vpc.securityGroupIds must be security group ids (sg-...)");
      }
    }
    if (staticSync != null) {
      for (String b : staticSync.sourceBuckets()) {
        checkBucket(problems, "staticSync.sourceBuckets", b);
      }
      for (String b : staticSync.destinationBuckets()) {
        checkBucket(problems, "staticSync.destinationBuckets", b);
      }
    }
    if (alarmEmail != null && !alarmEmail.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
      problems.add("alarmEmail '" + alarmEmail + "' is not an e-mail address");
    }
    if (!RETENTION_DAYS.contains(logRetentionDays)) {
      problems.add(
          "logRetentionDays "
              + logRetentionDays
              + " is not one CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180,"
              + " 365, 400, 545, 731, ...)");
    }
    if (apiRateLimit <= 0 || apiBurstLimit <= 0) {
      problems.add("apiRateLimit and apiBurstLimit must be positive");
    }
    for (int i = 0; i < grafanaTokenSecrets.size(); i++) {
      String name = grafanaTokenSecrets.get(i);
      if (name == null || !GRAFANA_SECRET.matcher(name).matches()) {
        // not quoted: a value here that is not a name may be the token itself
        problems.add(
            "grafanaTokenSecrets["
                + i
                + "] must be a Secrets Manager name under "
                + GRAFANA_SECRET_PREFIX
                + " (e.g. "
                + GRAFANA_SECRET_PREFIX
                + "checkout, or "
                + GRAFANA_SECRET_PREFIX
                + "* for all of them): the annotate role may read nothing else");
      }
    }
    return problems;
  }

  private static void checkUrl(List<String> problems, String field, String value) {
    if (value != null && !value.matches("https?://[^\\s/]+(/\\S*)?")) {
      problems.add(field + " '" + value + "' is not an http(s) URL");
    }
  }

  private static void checkBucket(List<String> problems, String field, String value) {
    if (value == null || !BUCKET.matcher(value).matches()) {
      problems.add(field + " has '" + value + "', which is not an S3 bucket name");
    }
  }

  public Optional<String> grafana() {
    return Optional.ofNullable(grafanaUrl);
  }

  public Optional<String> prometheus() {
    return Optional.ofNullable(prometheusUrl);
  }

  /**
   * One target cluster.
   *
   * @param name Slipway's name for it (the {@code kubeconfigs/<name>} key for non-EKS clusters)
   * @param eksClusterName the EKS cluster's name, or null for a kubeconfig-only cluster
   * @param region the EKS cluster's region, or null for the stack's region
   * @param roleArn a role to assume before talking to it, or null to use the functions' own role
   */
  public record Cluster(
      @JsonProperty("name") String name,
      @JsonProperty("eksClusterName") String eksClusterName,
      @JsonProperty("region") String region,
      @JsonProperty("roleArn") String roleArn) {}

  /**
   * Existing private subnets to run the cluster-facing functions in (needs a NAT gateway or VPC
   * endpoints for S3, STS, EKS, Secrets Manager and KMS).
   */
  public record VpcPlacement(
      String vpcId,
      List<String> availabilityZones,
      List<String> subnetIds,
      List<String> securityGroupIds) {
    @JsonCreator
    public VpcPlacement(
        @JsonProperty("vpcId") String vpcId,
        @JsonProperty("availabilityZones") List<String> availabilityZones,
        @JsonProperty("subnetIds") List<String> subnetIds,
        @JsonProperty("securityGroupIds") List<String> securityGroupIds) {
      this.vpcId = vpcId;
      this.availabilityZones =
          availabilityZones == null ? List.of() : List.copyOf(availabilityZones);
      this.subnetIds = subnetIds == null ? List.of() : List.copyOf(subnetIds);
      this.securityGroupIds = securityGroupIds == null ? List.of() : List.copyOf(securityGroupIds);
    }
  }

  /** The buckets the static-sync step reads from and writes to. */
  public record StaticSync(List<String> sourceBuckets, List<String> destinationBuckets) {
    @JsonCreator
    public StaticSync(
        @JsonProperty("sourceBuckets") List<String> sourceBuckets,
        @JsonProperty("destinationBuckets") List<String> destinationBuckets) {
      this.sourceBuckets = sourceBuckets == null ? List.of() : List.copyOf(sourceBuckets);
      this.destinationBuckets =
          destinationBuckets == null ? List.of() : List.copyOf(destinationBuckets);
    }
  }

  /** A config that cannot be used; the message names the file, the field and the fix. */
  public static final class InfraConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InfraConfigException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
