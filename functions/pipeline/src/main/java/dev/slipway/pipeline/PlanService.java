package dev.slipway.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.config.Application;
import dev.slipway.config.Cluster;
import dev.slipway.config.ConfigLoader;
import dev.slipway.config.Environment;
import dev.slipway.config.ReleaseSettings;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.model.Json;
import dev.slipway.model.ReleaseRequest;
import dev.slipway.model.ReleaseSource;
import dev.slipway.model.TerminalStepException;
import dev.slipway.store.Keys;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a release request and Slipway's configuration into the plan the state machine follows:
 * every later state's input is in it, so the state machine only routes. Anything the request or the
 * configuration gets wrong fails here, before a lock is taken or a cluster touched.
 */
public final class PlanService {
  static final String INVALID = "Slipway.Plan.Invalid";

  /**
   * The machine's timeout when the request does not say (a Plan invoked on its own): Step
   * Functions' longest, one year.
   */
  static final long NO_MACHINE_TIMEOUT = 365L * 24 * 3600;

  private static final ObjectMapper MAPPER = Json.mapper();

  private final ConfigLoader config;
  private final ReleaseBudget.LockSchedule lock;

  /**
   * @param lock how the lock queues (PipelineConfig's settings): the budget's lock term
   */
  public PlanService(ConfigLoader config, ReleaseBudget.LockSchedule lock) {
    this.config = config;
    this.lock = lock;
  }

  public JsonNode plan(PlanRequest request) {
    ReleaseRequest release = request.release();
    if (release == null) {
      throw invalid("the execution input is empty: start the execution with a release request");
    }
    require(release.app(), "app");
    require(release.environment(), "environment");
    require(release.buildNum(), "build_num");
    require(request.executionName(), "executionName");
    ReleaseSource.check(release);
    SlipwayConfig cfg = config.current();
    Application app =
        cfg.application(release.app())
            .orElseThrow(
                () ->
                    invalid(
                        "no application '"
                            + release.app()
                            + "' in config/slipway.yaml: add it under applications, or fix the"
                            + " app in the request"));
    Environment env =
        app.environment(release.environment())
            .orElseThrow(
                () ->
                    invalid(
                        "application '"
                            + app.name()
                            + "' has no environment '"
                            + release.environment()
                            + "' in config/slipway.yaml"));
    if (env.waves().isEmpty()) {
      throw invalid(
          "environment '" + env.name() + "' of '" + app.name() + "' has no waves to deploy");
    }
    ReleaseSettings settings = app.releaseSettings();
    String build = release.buildNum();
    ReleaseBudget budget =
        ReleaseBudget.of(
            app,
            env,
            release.skipCanary(),
            settings.staticSync() != null && !release.skipStaticSync(),
            lock,
            request.machineTimeoutSeconds() == null
                ? NO_MACHINE_TIMEOUT
                : request.machineTimeoutSeconds());
    budget.requireFits();

    ObjectNode plan = MAPPER.createObjectNode();
    plan.put("app", app.name());
    plan.put("environment", env.name());
    plan.put("build", build);
    plan.put("executionName", request.executionName());
    ArrayNode names = plan.putArray("clusterNames");
    env.waves().forEach(w -> w.clusters().forEach(names::add));
    plan.set("manifests", manifests(release, app, env, cfg, request.executionArn()));
    plan.put("manifestPrefix", manifestPrefix(app.name(), build));
    plan.set("staticSync", staticSync(release, app, settings));
    ObjectNode b = plan.putObject("budget");
    b.put("machineTimeoutSeconds", budget.machineTimeoutSeconds());
    b.put("minimumSeconds", budget.minimumSeconds());
    b.put("slackSeconds", budget.slackSeconds());
    b.put("lockClosesAfterSeconds", budget.closesAfterSeconds("lock"));
    long configured = settings.approvalTimeout() * 3600L;
    ObjectNode approval = plan.putObject("approval");
    approval.put("required", env.approvalRequired());
    approval.setAll(gateWindow(configured, budget.closesAfterSeconds("deploy-gate")));
    approval.put("gate", "deploy");
    approval.set("trigger", trigger(release));
    plan.put("onMarginal", settings.marginal());
    ArrayNode waves = plan.putArray("waves");
    for (Environment.Wave wave : env.waves()) {
      ObjectNode w = wave(release, app, env, wave, settings, cfg);
      if (w.path("canaryGate").asBoolean()) {
        w.set("marginal", gateWindow(configured, budget.closesAfterSeconds("marginal-gate")));
      }
      waves.add(w);
    }
    ArrayNode rollback = plan.putArray("rollbackOrder");
    for (int i = env.waves().size() - 1; i >= 0; i--) {
      rollback.add(i);
    }
    ObjectNode lock = plan.putObject("lock");
    lock.put("attempt", 0);
    lock.put("acquired", false);
    plan.putObject("annotation").putNull("annotationId");
    return plan;
  }

  /**
   * A manual gate's window, for the state before it to compute the gate's timeout when it opens:
   * the configured time, but never past {@code closesAfterSeconds} after the execution's start.
   */
  private static ObjectNode gateWindow(long configured, long closesAfterSeconds) {
    ObjectNode g = MAPPER.createObjectNode();
    g.put("configuredTimeoutSeconds", configured);
    g.put("closesAfterSeconds", closesAfterSeconds);
    return g;
  }

  private ObjectNode manifests(
      ReleaseRequest r, Application app, Environment env, SlipwayConfig cfg, String executionArn) {
    ReleaseSettings settings = app.releaseSettings();
    ObjectNode m = MAPPER.createObjectNode();
    m.put("app", app.name());
    m.put("git_repo", r.gitRepo());
    m.put("git_branch", r.gitBranch());
    m.put("build_num", r.buildNum());
    m.put("commit", r.commit());
    m.put("ticket", r.ticket());
    m.put("component", r.component() == null ? app.componentName() : r.component());
    m.set("images", MAPPER.valueToTree(r.images()));
    m.put("environment", env.name());
    ArrayNode clusters = m.putArray("clusters");
    env.waves().forEach(w -> w.clusters().forEach(clusters::add));
    m.put("execution_arn", executionArn);
    m.put("templates", app.manifestTemplatesPrefix());
    if (r.source() != null) {
      // a recorded build: a rollback reuses the manifests stored for it (the step checks them)
      m.put("manifests", ReleaseSource.manifests(r.source()));
    }
    ObjectNode s = m.putObject("settings");
    s.put("progress_deadline_seconds", settings.progressDeadline());
    s.set("crds", MAPPER.valueToTree(settings.crds()));
    s.set("parameters", MAPPER.valueToTree(settings.parameters()));
    ObjectNode namespaces = s.putObject("namespaces");
    for (JsonNode cluster : clusters) {
      namespaces.put(
          cluster.asText(), clusterRef(cfg, cluster.asText()).path("namespace").asText(null));
    }
    s.set("confinement", MAPPER.valueToTree(app.confinementPolicy()));
    return m;
  }

  /**
   * Where the manifests step writes each cluster's manifest, less the cluster's name and {@code
   * .yaml}: the state machine builds each deploy item's {@code manifestKey} from it ({@code
   * States.Format('{}{}.yaml', manifestPrefix, cluster.name)}), so the plan does not carry a key
   * per cluster. {@link Keys#manifest} is the same key.
   */
  /**
   * Who or what started the release, for the approval page: the webhook's source and event, or the
   * operator's command and identity; null when the request names neither.
   */
  static JsonNode trigger(ReleaseRequest release) {
    ReleaseRequest.Trigger t = release.trigger();
    ReleaseRequest.Source source = release.source();
    if (t == null && source == null) {
      return NullNode.getInstance();
    }
    ObjectNode out = MAPPER.createObjectNode();
    boolean operator = source != null;
    out.put("source", operator ? "operator" : t.source());
    out.put("event", operator ? source.kind() : t.event());
    out.put("by", operator ? source.requestedBy() : null);
    out.put("url", operator || t == null ? null : t.url());
    out.put("at", t == null || t.receivedAt() == null ? null : t.receivedAt().toString());
    return out;
  }

  static String manifestPrefix(String app, String build) {
    return Keys.artifacts(app, build) + "manifests/";
  }

  private JsonNode staticSync(ReleaseRequest r, Application app, ReleaseSettings settings) {
    if (settings.staticSync() == null || r.skipStaticSync()) {
      return MAPPER.nullNode();
    }
    ObjectNode s = MAPPER.createObjectNode();
    s.put("app", app.name());
    s.setAll((ObjectNode) settings.staticSync());
    return s;
  }

  private ObjectNode wave(
      ReleaseRequest r,
      Application app,
      Environment env,
      Environment.Wave wave,
      ReleaseSettings settings,
      SlipwayConfig cfg) {
    ObjectNode w = MAPPER.createObjectNode();
    w.put("name", wave.name());
    // each cluster once: the Deploy and Rollback items are built from these in the state machine
    ArrayNode refs = w.putArray("clusters");
    for (String cluster : wave.clusters()) {
      refs.add(clusterRef(cfg, cluster));
    }
    w.put("force", settings.forceApply());
    w.put("maxParallel", settings.parallelClusters());
    w.put("deadlineSeconds", ReleaseBudget.waveDeadlineSeconds(settings));
    boolean gate = wave.name().equals(env.canaryGate()) && !r.skipCanary();
    w.put("canaryGate", gate);
    if (gate) {
      ObjectNode analysis = canarySettings(settings);
      ObjectNode vars = MAPPER.createObjectNode();
      JsonNode configured = analysis.remove("vars");
      if (configured != null && configured.isObject()) {
        vars.setAll((ObjectNode) configured);
      }
      ObjectNode canary = w.putObject("canary");
      canary.put("app", app.name());
      canary.put("build", r.buildNum());
      canary.put("wave", wave.name());
      // every cluster of the gate wave (or canary.clusters' subset), judged at once by one call
      ArrayNode judged = canary.putArray("clusters");
      app.gateClusters(env).forEach(judged::add);
      if (judged.isEmpty()) {
        throw invalid(
            "the canary gate wave '"
                + wave.name()
                + "' of '"
                + app.name()
                + "' has no cluster to judge: check applications[].canary.clusters");
      }
      canary.put("version", r.buildNum());
      canary.put("canaryConfigKey", app.canaryConfigKey());
      canary.set("analysis", analysis);
      canary.set("vars", vars);
      w.put("bakeSeconds", bakeSeconds(analysis));
    }
    return w;
  }

  private static ObjectNode canarySettings(ReleaseSettings settings) {
    ObjectNode analysis = MAPPER.createObjectNode();
    if (settings.canary() != null) {
      analysis.setAll((ObjectNode) settings.canary().deepCopy());
    }
    analysis.put("attempt", 1);
    return analysis;
  }

  /** The state machine waits this long after the rollout: the bake delay, then one window. */
  static long bakeSeconds(JsonNode analysis) {
    return ReleaseBudget.bakeSeconds(analysis);
  }

  private static JsonNode clusterRef(SlipwayConfig cfg, String name) {
    Cluster cluster =
        cfg.cluster(name)
            .orElseThrow(
                () -> invalid("cluster '" + name + "' is not defined in config/slipway.yaml"));
    ObjectNode ref = MAPPER.createObjectNode();
    ref.put("name", cluster.name());
    if (cluster.eks() != null) {
      ObjectNode eks = ref.putObject("eks");
      eks.put("cluster", cluster.eks().cluster());
      eks.put("region", cluster.eks().region());
      if (cluster.eks().roleArn() != null) {
        eks.put("roleArn", cluster.eks().roleArn());
      }
    }
    if (cluster.kubeconfig() != null) {
      ObjectNode kubeconfig = ref.putObject("kubeconfig");
      if (cluster.kubeconfig().key() != null) {
        kubeconfig.put("key", cluster.kubeconfig().key());
      }
      if (cluster.kubeconfig().context() != null) {
        kubeconfig.put("context", cluster.kubeconfig().context());
      }
    }
    if (cluster.namespace() != null) {
      ref.put("namespace", cluster.namespace());
    }
    return ref;
  }

  private static void require(String value, String field) {
    if (value == null || value.isBlank()) {
      throw invalid(
          "the release request has no '"
              + field
              + "': the webhook always sets it; check the input the execution was started with");
    }
  }

  static TerminalStepException invalid(String cause) {
    return new TerminalStepException(INVALID, cause);
  }

  /** For tests and the record: the cluster names of a plan, in wave order. */
  static List<String> clusterNames(JsonNode plan) {
    List<String> names = new ArrayList<>();
    plan.path("clusterNames").forEach(n -> names.add(n.asText()));
    return names;
  }
}
