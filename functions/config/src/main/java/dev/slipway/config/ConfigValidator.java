package dev.slipway.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.config.ConfigErrors.Problem;
import dev.slipway.model.CanaryWindowPreset;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The rules a parsed {@link SlipwayConfig} must follow beyond its types. */
final class ConfigValidator {
  static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");
  static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]+");
  static final Pattern IMAGE_REPO = Pattern.compile("[a-z0-9][a-z0-9._:/-]*[a-z0-9]");
  static final Pattern PATTERN = Pattern.compile("[\\w./*+-]+");
  static final Set<String> IMAGE_TAGS = Set.of("build", "commit");
  static final Pattern SECRET_ID = Pattern.compile("[A-Za-z0-9/_+=.@:-]{1,2048}");

  /** The only secrets the stack lets the canary function read (infra: READ_PROMETHEUS_SECRETS). */
  public static final String PROMETHEUS_SECRET_PREFIX = "slipway/prometheus/";

  static final Pattern PROMETHEUS_SECRET =
      Pattern.compile(
          "(arn:[a-z-]+:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:)?slipway/prometheus/.+");

  /** The extra Grafana tokens the stack may let annotate read (infra: grafanaTokenSecrets). */
  static final Pattern GRAFANA_SECRET =
      Pattern.compile(
          "(arn:[a-z-]+:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:)?slipway/grafana/.+");

  static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");
  static final Set<String> SECRET_HEADERS =
      Set.of("authorization", "proxy-authorization", "cookie", "x-api-key");
  static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  static final Pattern KIND = Pattern.compile("[A-Z][A-Za-z0-9]{0,62}");

  private final String file;
  private final Map<String, ConfigParser.Mark> lines;
  private final List<Problem> problems = new ArrayList<>();

  ConfigValidator(String file, Map<String, ConfigParser.Mark> lines) {
    this.file = file;
    this.lines = lines;
  }

  List<Problem> validate(SlipwayConfig c) {
    if (c.version() != 1) {
      problem("version", "must be 1 (the only schema version), was " + c.version());
    }
    if (c.grafana() != null) {
      grafana(c.grafana());
    }
    prometheus("prometheus", c.prometheus());
    Set<String> clusters = clusters(c.clusters());
    applications(c.applications(), clusters);
    return problems;
  }

  /** Every key may be absent (the annotate function's environment supplies it). */
  private void grafana(Grafana g) {
    if (g.url() != null) {
      httpUrl("grafana.url", g.url());
    }
    if (g.tokenSecret() != null && g.tokenSecret().isBlank()) {
      problem("grafana.tokenSecret", "must be a Secrets Manager id or ARN, or be left out");
    } else if (g.tokenSecret() != null && !GRAFANA_SECRET.matcher(g.tokenSecret()).matches()) {
      problem(
          "grafana.tokenSecret",
          "must name a secret under slipway/grafana/ (or its ARN), listed in the stack's"
              + " grafanaTokenSecrets; leave it out for the stack's own token (docs/security.md)");
    }
    if (g.panelId() != null && g.panelId() <= 0) {
      problem("grafana.panelId", "must be a positive panel id, got " + g.panelId());
    }
    if (g.tags() != null && !Grafana.TAG_STYLES.contains(g.tags())) {
      problem(
          "grafana.tags",
          "'"
              + prefix(g.tags())
              + "' is not one of: "
              + String.join(", ", Grafana.TAG_STYLES)
              + " (keyed is the default)");
    }
  }

  /** A short, printable prefix of a value to quote back. */
  private static String prefix(String value) {
    String printable = value.replaceAll("[^\\x20-\\x7e]", "?");
    return printable.length() <= 20 ? printable : printable.substring(0, 20) + "…";
  }

  private Set<String> clusters(List<Cluster> list) {
    Set<String> names = new HashSet<>();
    if (list.isEmpty()) {
      problem("clusters", "at least one cluster is required");
    }
    for (int i = 0; i < list.size(); i++) {
      String at = "clusters[" + i + "]";
      Cluster cl = list.get(i);
      if (cl == null) {
        problem(at, "is empty");
        continue;
      }
      if (dnsLabel(at + ".name", cl.name()) && !names.add(cl.name())) {
        problem(at + ".name", "cluster '" + cl.name() + "' is defined twice");
      }
      if ((cl.eks() == null) == (cl.kubeconfig() == null)) {
        problem(at, "set exactly one of 'eks' (an EKS cluster) and 'kubeconfig' (any other)");
      }
      if (cl.eks() != null) {
        required(at + ".eks.cluster", cl.eks().cluster());
        if (required(at + ".eks.region", cl.eks().region())
            && !REGION.matcher(cl.eks().region()).matches()) {
          problem(at + ".eks.region", "'" + cl.eks().region() + "' is not an AWS region name");
        }
        if (cl.eks().roleArn() != null && !ROLE_ARN.matcher(cl.eks().roleArn()).matches()) {
          problem(
              at + ".eks.roleArn",
              "'"
                  + cl.eks().roleArn()
                  + "' is not an IAM role ARN (arn:aws:iam::<account>:role/...)");
        }
      }
      if (cl.kubeconfig() != null
          && cl.kubeconfig().key() != null
          && (cl.kubeconfig().key().isBlank() || cl.kubeconfig().key().startsWith("/"))) {
        problem(at + ".kubeconfig.key", "must be an S3 key without a leading '/'");
      }
      dnsLabel(at + ".namespace", cl.namespace());
      prometheus(at + ".prometheus", cl.prometheus());
    }
    return names;
  }

  private void applications(List<Application> list, Set<String> clusters) {
    Set<String> names = new HashSet<>();
    if (list.isEmpty()) {
      problem("applications", "at least one application is required");
    }
    for (int i = 0; i < list.size(); i++) {
      String at = "applications[" + i + "]";
      Application app = list.get(i);
      if (app == null) {
        problem(at, "is empty");
        continue;
      }
      if (dnsLabel(at + ".name", app.name()) && !names.add(app.name())) {
        problem(at + ".name", "application '" + app.name() + "' is defined twice");
      }
      if (required(at + ".repo", app.repo()) && !RepoNames.normalize(app.repo()).contains("/")) {
        problem(at + ".repo", "'" + app.repo() + "' is not a Git repository URL or owner/name");
      }
      if (app.releaseBranches().isEmpty()) {
        problem(at + ".releaseBranches", "list at least one branch pattern, e.g. [main]");
      }
      patterns(at + ".releaseBranches", app.releaseBranches());
      if (app.triggers().isEmpty()) {
        problem(at + ".triggers", "list at least one trigger, or omit the field for the defaults");
      }
      images(at + ".images", app.images());
      environments(at, app.environments(), clusters);
      if (app.canary() != null && app.canary().config() != null) {
        key(at + ".canary.config", app.canary().config());
      }
      if (app.canary() != null) {
        app.canary()
            .problems(app.environments())
            .forEach(p -> problem(at + ".canary." + p.getKey(), p.getValue()));
      }
      if (app.manifests() != null && app.manifests().templates() != null) {
        key(at + ".manifests.templates", app.manifests().templates());
      }
      if (app.release() != null) {
        release(at + ".release", app.release());
      }
      if (app.confinement() != null) {
        confinement(at + ".confinement", app.confinement());
      }
    }
  }

  private void confinement(String at, Confinement c) {
    for (int i = 0; i < c.allowedNamespaces().size(); i++) {
      dnsLabel(at + ".allowedNamespaces[" + i + "]", c.allowedNamespaces().get(i));
    }
    for (int i = 0; i < c.allowedClusterKinds().size(); i++) {
      String kind = c.allowedClusterKinds().get(i);
      if (kind == null || !KIND.matcher(kind).matches()) {
        problem(
            at + ".allowedClusterKinds[" + i + "]",
            "must be a Kubernetes kind as manifests spell it (e.g. PriorityClass, Namespace)");
      }
    }
  }

  private void release(String at, ReleaseSettings r) {
    positive(at + ".progressDeadlineSeconds", r.progressDeadlineSeconds());
    positive(at + ".maxParallelClusters", r.maxParallelClusters());
    positive(at + ".approvalTimeoutHours", r.approvalTimeoutHours());
    if (r.onMarginal() != null && !List.of("approve", "fail").contains(r.onMarginal())) {
      problem(at + ".onMarginal", "'" + r.onMarginal() + "' is not one of: approve, fail");
    }
    if (r.canary() != null && !r.canary().isObject()) {
      problem(at + ".canary", "must be a mapping of canary analysis settings");
    } else if (r.canary() != null && r.canary().has("windows")) {
      JsonNode w = r.canary().get("windows");
      if (!w.isTextual() || CanaryWindowPreset.fromJson(w.textValue()).isEmpty()) {
        problem(at + ".canary.windows", "is not a window preset; " + CanaryWindowPreset.choices());
      }
    }
    if (r.staticSync() != null && !r.staticSync().isObject()) {
      problem(at + ".staticSync", "must be a mapping with source and destinations");
    }
  }

  private void positive(String at, Integer value) {
    if (value != null && value <= 0) {
      problem(at, "must be a positive number, got " + value);
    }
  }

  private void images(String at, Application.Images images) {
    if (images == null) {
      return;
    }
    if (required(at + ".runtime", images.runtime())) {
      imageRepo(at + ".runtime", images.runtime());
    }
    if (images.build() != null) {
      imageRepo(at + ".build", images.build());
      if (images.build().equals(images.runtime())) {
        problem(at + ".build", "the build image must not be the runtime image");
      }
    }
    if (images.tag() != null && !IMAGE_TAGS.contains(images.tag())) {
      problem(at + ".tag", "must be 'build' or 'commit', was '" + images.tag() + "'");
    }
  }

  private void environments(String app, List<Environment> list, Set<String> clusters) {
    Set<String> names = new HashSet<>();
    if (list.isEmpty()) {
      problem(app + ".environments", "at least one environment is required");
    }
    for (int i = 0; i < list.size(); i++) {
      String at = app + ".environments[" + i + "]";
      Environment env = list.get(i);
      if (env == null) {
        problem(at, "is empty");
        continue;
      }
      if (dnsLabel(at + ".name", env.name()) && !names.add(env.name())) {
        problem(at + ".name", "environment '" + env.name() + "' is defined twice");
      }
      if (env.branches() != null) {
        patterns(at + ".branches", env.branches());
      }
      patterns(at + ".tags", env.tags());
      if (env.waves().isEmpty()) {
        problem(at + ".waves", "at least one wave is required");
      }
      Set<String> waves = new HashSet<>();
      Map<String, String> waveOf = new HashMap<>();
      for (int w = 0; w < env.waves().size(); w++) {
        String wat = at + ".waves[" + w + "]";
        Environment.Wave wave = env.waves().get(w);
        if (wave == null) {
          problem(wat, "is empty");
          continue;
        }
        if (dnsLabel(wat + ".name", wave.name()) && !waves.add(wave.name())) {
          problem(wat + ".name", "wave '" + wave.name() + "' is defined twice");
        }
        if (wave.clusters().isEmpty()) {
          problem(wat + ".clusters", "at least one cluster is required");
        }
        for (int k = 0; k < wave.clusters().size(); k++) {
          String name = wave.clusters().get(k);
          String cat = wat + ".clusters[" + k + "]";
          if (!clusters.contains(name)) {
            problem(
                cat,
                "no cluster named '"
                    + name
                    + "' (defined: "
                    + String.join(", ", clusters.stream().sorted().toList())
                    + ")");
          }
          String earlier = waveOf.putIfAbsent(name, wave.name());
          if (earlier != null) {
            problem(
                cat,
                "cluster '" + name + "' is already in wave '" + earlier + "' of this environment");
          }
        }
      }
      if (env.canaryGate() != null && !waves.contains(env.canaryGate())) {
        problem(
            at + ".canaryGate",
            "no wave named '"
                + env.canaryGate()
                + "' in this environment (waves: "
                + String.join(", ", env.waves().stream().map(Environment.Wave::name).toList())
                + ")");
      }
    }
  }

  private void patterns(String at, List<String> patterns) {
    for (int i = 0; i < patterns.size(); i++) {
      String p = patterns.get(i);
      if (p == null || !PATTERN.matcher(p).matches()) {
        problem(
            at + "[" + i + "]",
            "'" + p + "' is not a pattern (letters, digits, '.', '_', '-', '/', '*' and '**')");
      }
    }
  }

  private void imageRepo(String at, String repo) {
    String lastSegment = repo.substring(repo.lastIndexOf('/') + 1);
    if (repo.contains("@") || lastSegment.contains(":")) {
      problem(at, "give the repository without a tag or digest, was '" + repo + "'");
    } else if (!IMAGE_REPO.matcher(repo).matches()) {
      problem(at, "'" + repo + "' is not an image repository");
    }
  }

  private void key(String at, String key) {
    if (key.isBlank() || key.startsWith("/") || key.contains("..")) {
      problem(at, "must be an S3 key without a leading '/' or '..', was '" + key + "'");
    }
  }

  /** A {@code prometheus} block: its URL, secret id, headers and extra labels. */
  private void prometheus(String at, Prometheus p) {
    if (p == null) {
      return;
    }
    if (p.url() != null && p.url().getRawUserInfo() != null) {
      // never quoted: the user-info is a credential
      problem(
          at + ".url",
          "must not carry credentials (user:password@); store them in Secrets Manager and name"
              + " the secret in authSecret");
    } else {
      httpUrl(at + ".url", p.url());
    }
    if (p.authSecret() != null && !SECRET_ID.matcher(p.authSecret()).matches()) {
      problem(
          at + ".authSecret",
          "must be a Secrets Manager secret name or ARN (letters, digits and /_+=.@-:), not the"
              + " credentials themselves");
    } else if (p.authSecret() != null && !PROMETHEUS_SECRET.matcher(p.authSecret()).matches()) {
      problem(
          at + ".authSecret",
          "must name a secret under "
              + PROMETHEUS_SECRET_PREFIX
              + " (e.g. "
              + PROMETHEUS_SECRET_PREFIX
              + "thanos-eu, or its ARN): the canary function's role may read only those"
              + " (docs/configuration.md, prometheus)");
    }
    p.headers()
        .forEach(
            (name, value) -> {
              String h = at + ".headers." + name;
              if (!HEADER_NAME.matcher(name).matches()) {
                problem(h, "is not an HTTP header name");
              } else if (SECRET_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                // never quoted: the value is a credential
                problem(
                    h,
                    "credentials never go in this file; store them in Secrets Manager and name the"
                        + " secret in authSecret");
              } else if (value == null
                  || value.isEmpty()
                  || value.chars().anyMatch(ch -> ch < 0x20)) {
                problem(h, "needs a value on one line");
              }
            });
    p.extraLabels()
        .forEach(
            (name, value) -> {
              String l = at + ".extraLabels." + name;
              if (!LABEL_NAME.matcher(name).matches() || name.startsWith("__")) {
                problem(
                    l,
                    "is not a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*, not starting with"
                        + " __)");
              } else if (value == null || value.isEmpty()) {
                problem(l, "needs a value (a label matcher with an empty value matches nothing)");
              }
            });
  }

  private void httpUrl(String at, URI url) {
    if (url == null) {
      problem(at, "is required");
    } else if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())
        || url.getHost() == null) {
      problem(at, "must be an http(s) URL, was '" + url + "'");
    }
  }

  private boolean dnsLabel(String at, String value) {
    if (!required(at, value)) {
      return false;
    }
    if (!DNS_LABEL.matcher(value).matches()) {
      problem(
          at,
          "'" + value + "' must be lower-case letters, digits and '-' (a DNS label, ≤ 63 chars)");
      return false;
    }
    return true;
  }

  private boolean required(String at, String value) {
    if (value == null || value.isBlank()) {
      problem(at, "is required");
      return false;
    }
    return true;
  }

  private void problem(String field, String message) {
    ConfigParser.Mark at = ConfigParser.mark(lines, field);
    problems.add(new Problem(file, at.line(), at.column(), field, message));
  }
}
