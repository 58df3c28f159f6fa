package dev.slipway.local.cli.operate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.config.Application;
import dev.slipway.config.ConfigLoader;
import dev.slipway.config.Environment;
import dev.slipway.manifests.ManifestService;
import dev.slipway.model.Json;
import dev.slipway.model.Names;
import dev.slipway.model.ReleaseRequest;
import dev.slipway.model.ReleaseSource;
import dev.slipway.model.TerminalStepException;
import dev.slipway.store.ArtifactStore;
import dev.slipway.store.Keys;
import dev.slipway.store.StoredObject;
import dev.slipway.webhook.ExecutionNames;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code slipway rollback}, {@code promote} and {@code rerun} do, over the artifact store (the
 * release records, the configuration, the stored manifests) and the release state machine: each
 * starts one release of a recorded build through the same state machine as a build's (audited,
 * locked, annotated, the environment's waves and approval), with a {@link ReleaseRequest.Source}
 * that says what kind of release it is, which build, who asked and why.
 *
 * <p>Execution names are the webhook's ({@link ExecutionNames}): app, environment, build, commit
 * and a re-run number. A release of a build already released to that environment takes the next
 * free number, so a rollback to build 101 after its first release is {@code …-101-<commit>-r1-…}.
 */
final class RecordedReleases {
  static final String NOT_RECORDED = "Slipway.Release.NotRecorded";
  static final String NOTHING_TO_ROLL_BACK = "Slipway.Release.NothingToRollBack";
  static final String ALREADY_LIVE = "Slipway.Release.AlreadyLive";
  static final String NOT_A_RELEASE = "Slipway.Release.NotARelease";
  static final String STILL_RUNNING = "Slipway.Release.StillRunning";
  static final String UNKNOWN_TARGET = "Slipway.Release.UnknownTarget";

  /** How many taken names a start skips before it gives up (a race with other starters). */
  static final int MAX_NAME_ATTEMPTS = 20;

  private static final ObjectMapper MAPPER = Json.mapper();

  /** The state machine, as far as these commands use it. */
  interface StateMachine {
    /** DescribeExecution: {@code status}, {@code input}, ...; empty when there is no such one. */
    Optional<JsonNode> describe(String executionArn);

    /** The ARN an execution of the release state machine named {@code name} has. */
    String arnOf(String name);

    /** StartExecution; empty when an execution of that name already exists. */
    Optional<String> start(String name, String input);
  }

  /**
   * A release this command started.
   *
   * @param replaces the build live in the environment before it (null when none)
   */
  record Started(
      String kind,
      String app,
      String environment,
      String build,
      String commit,
      int rerun,
      String replaces,
      String executionName,
      String executionArn,
      ReleaseRequest.Source source) {}

  /** The options every kind shares: who asks, why, and whether to run the canary. */
  record Ask(String requestedBy, String reason, boolean canary) {}

  private final ArtifactStore store;
  private final StateMachine machine;
  private final Clock clock;

  RecordedReleases(ArtifactStore store, StateMachine machine, Clock clock) {
    this.store = store;
    this.machine = machine;
    this.clock = clock;
  }

  /**
   * Puts back the previous live release of {@code app} in {@code env} (the newest succeeded one of
   * another build than the live one), or the newest succeeded release of {@code toBuild}: its
   * recorded images and its stored manifests, which must be there for every cluster of the
   * environment ({@code Slipway.Release.ManifestsMissing} otherwise, before anything starts).
   */
  Started rollback(String app, String env, String toBuild, Ask ask) {
    Names.check("app", app);
    Names.check("environment", env);
    Environment environment = environment(app, env);
    JsonNode record = record(app, env);
    String live = record.path("live").path("build").asText(null);
    JsonNode target;
    if (toBuild != null) {
      Names.check("build", toBuild);
      if (toBuild.equals(live)) {
        throw new TerminalStepException(
            ALREADY_LIVE,
            "build "
                + toBuild
                + " is the live release of '"
                + app
                + "' in "
                + env
                + ": nothing to roll back. To run it again, `slipway rerun` its execution.");
      }
      target = succeeded(record, toBuild, app, env);
    } else {
      target = previous(record, live, app, env);
    }
    String build = target.path("build").asText();
    List<String> clusters = new ArrayList<>();
    environment.waves().forEach(w -> clusters.addAll(w.clusters()));
    ManifestService.requireStored(store, app, build, env, clusters);
    var source =
        new ReleaseRequest.Source(
            ReleaseSource.ROLLBACK,
            build,
            env,
            target.path("executionArn").asText(null),
            ask.requestedBy(),
            ask.reason(),
            ReleaseSource.STORED);
    return start(fromEntry(app, env, target, ask, source), live, 0);
  }

  /**
   * Releases to {@code toEnv} the build live in {@code fromEnv} (or its newest succeeded release of
   * {@code build}), rendering its manifests for {@code toEnv}'s clusters from the app's templates
   * with the recorded build's fields, as a build's own release does.
   */
  Started promote(String app, String fromEnv, String toEnv, String build, Ask ask) {
    Names.check("app", app);
    Names.check("from", fromEnv);
    Names.check("to", toEnv);
    if (fromEnv.equals(toEnv)) {
      throw new TerminalStepException(
          ReleaseSource.INVALID,
          "--from and --to are the same environment: promote releases a build to another one.");
    }
    environment(app, toEnv);
    JsonNode from = record(app, fromEnv);
    JsonNode target;
    if (build == null) {
      target = from.path("live");
      if (!target.isObject()) {
        throw new TerminalStepException(
            NOT_RECORDED,
            "'"
                + app
                + "' has no live release in "
                + fromEnv
                + " to promote: release a build there first, or name one with --build.");
      }
    } else {
      Names.check("build", build);
      target = succeeded(from, build, app, fromEnv);
    }
    String live = recordIfAny(app, toEnv).path("live").path("build").asText(null);
    var source =
        new ReleaseRequest.Source(
            ReleaseSource.PROMOTE,
            target.path("build").asText(),
            fromEnv,
            target.path("executionArn").asText(null),
            ask.requestedBy(),
            ask.reason(),
            ReleaseSource.RENDER);
    return start(fromEntry(app, toEnv, target, ask, source), live, 0);
  }

  /**
   * The release of {@code execution} (a name or an ARN) again: the same request with the next free
   * re-run number, as a new execution. A release that has not ended yet is refused.
   */
  Started rerun(String execution, String reason, String requestedBy) {
    String arn = execution.startsWith("arn:") ? execution : machine.arnOf(execution);
    JsonNode described = machine.describe(arn).orElseThrow(() -> Executions.notFound(execution));
    if ("RUNNING".equals(described.path("status").asText())) {
      throw new TerminalStepException(
          STILL_RUNNING,
          "execution "
              + described.path("name").asText()
              + " is still running: wait for it to end, or `slipway stop` it, then run it again.");
    }
    ReleaseRequest original;
    try {
      original = MAPPER.readValue(described.path("input").asText(), ReleaseRequest.class);
    } catch (IOException e) {
      throw new TerminalStepException(
          NOT_A_RELEASE,
          "execution "
              + described.path("name").asText()
              + " was not started with a release request, so there is nothing to run again.");
    }
    Names.checkRecord(original);
    var source =
        new ReleaseRequest.Source(
            ReleaseSource.RERUN,
            original.buildNum(),
            null,
            arn,
            requestedBy,
            reason,
            ReleaseSource.manifests(original.source()));
    ReleaseRequest again = original.again(original.rerun(), trigger(ReleaseSource.RERUN), source);
    String live =
        recordIfAny(original.app(), original.environment()).path("live").path("build").asText(null);
    return start(again, live, original.rerun() + 1);
  }

  /**
   * Starts {@code release} under the first free name from re-run number {@code firstRerun}: the
   * request is checked as Plan will check it, so a refused source never becomes an execution.
   */
  private Started start(ReleaseRequest release, String replaces, int firstRerun) {
    for (int n = firstRerun; n < firstRerun + MAX_NAME_ATTEMPTS; n++) {
      String name =
          ExecutionNames.of(
              release.app(), release.environment(), release.buildNum(), release.commit(), n);
      if (machine.describe(machine.arnOf(name)).isPresent()) {
        continue;
      }
      ReleaseRequest numbered = release.again(n, release.trigger(), release.source());
      ReleaseSource.check(numbered);
      Optional<String> arn = machine.start(name, json(numbered));
      if (arn.isPresent()) {
        return new Started(
            numbered.source().kind(),
            numbered.app(),
            numbered.environment(),
            numbered.buildNum(),
            numbered.commit(),
            n,
            replaces,
            name,
            arn.get(),
            numbered.source());
      }
    }
    throw new TerminalStepException(
        "Slipway.Release.NamesTaken",
        "re-runs "
            + firstRerun
            + " to "
            + (firstRerun + MAX_NAME_ATTEMPTS - 1)
            + " of build "
            + release.buildNum()
            + " to "
            + release.environment()
            + " are all taken: `slipway releases --app "
            + release.app()
            + "` lists them.");
  }

  private ReleaseRequest fromEntry(
      String app, String env, JsonNode entry, Ask ask, ReleaseRequest.Source source) {
    JsonNode images = entry.path("images");
    if (!images.path("runtime").isTextual()) {
      throw new TerminalStepException(
          NOT_RECORDED,
          "the record of build "
              + entry.path("build").asText()
              + " of '"
              + app
              + "' has no images (it was written before Slipway recorded them): release that"
              + " build from its CI build instead.");
    }
    return new ReleaseRequest(
        app,
        env,
        entry.path("gitRepo").asText(null),
        entry.path("gitBranch").asText(null),
        entry.path("build").asText(),
        entry.path("commit").asText(null),
        entry.path("ticket").asText(null),
        entry.path("component").asText(null),
        new ReleaseRequest.Images(
            images.path("runtime").asText(), images.path("build").asText(null)),
        !ask.canary(),
        false,
        0,
        trigger(source.kind()),
        source);
  }

  private ReleaseRequest.Trigger trigger(String kind) {
    return new ReleaseRequest.Trigger("operator", kind, null, null, clock.instant());
  }

  /** The newest succeeded release of another build than {@code live}: the previous live one. */
  private static JsonNode previous(JsonNode record, String live, String app, String env) {
    for (JsonNode entry : record.path("history")) {
      if ("succeeded".equals(entry.path("status").asText())
          && !entry.path("build").asText().equals(live)) {
        return entry;
      }
    }
    throw new TerminalStepException(
        NOTHING_TO_ROLL_BACK,
        "'"
            + app
            + "' has no earlier successful release in "
            + env
            + " than the live one"
            + (live == null ? "" : " (build " + live + ")")
            + ": there is nothing to roll back to. `slipway releases --app "
            + app
            + " --env "
            + env
            + "` shows the history.");
  }

  /** The newest succeeded release of {@code build} in the record. */
  private static JsonNode succeeded(JsonNode record, String build, String app, String env) {
    for (JsonNode entry : record.path("history")) {
      if ("succeeded".equals(entry.path("status").asText())
          && build.equals(entry.path("build").asText())) {
        return entry;
      }
    }
    throw new TerminalStepException(
        NOT_RECORDED,
        "build "
            + build
            + " of '"
            + app
            + "' has no successful release in "
            + env
            + " in the record (it keeps the last 100 releases): `slipway releases --app "
            + app
            + " --env "
            + env
            + "` lists the builds you can name.");
  }

  private Environment environment(String app, String env) {
    Application application =
        new ConfigLoader(store, clock)
            .current()
            .application(app)
            .orElseThrow(
                () ->
                    new TerminalStepException(
                        UNKNOWN_TARGET,
                        "no application '" + app + "' in config/slipway.yaml: check --app."));
    return application
        .environment(env)
        .orElseThrow(
            () ->
                new TerminalStepException(
                    UNKNOWN_TARGET,
                    "application '"
                        + app
                        + "' has no environment '"
                        + env
                        + "' in config/slipway.yaml: check --env, --from and --to."));
  }

  private JsonNode record(String app, String env) {
    JsonNode record = recordIfAny(app, env);
    if (record.isMissingNode()) {
      throw new TerminalStepException(
          NOT_RECORDED,
          "'"
              + app
              + "' has no release record in "
              + env
              + " ("
              + Keys.release(app, env)
              + "): it was never released there.");
    }
    return record;
  }

  private JsonNode recordIfAny(String app, String env) {
    Optional<StoredObject> stored = store.find(Keys.release(app, env));
    if (stored.isEmpty()) {
      return MAPPER.missingNode();
    }
    try {
      return MAPPER.readTree(stored.get().body());
    } catch (IOException e) {
      throw new TerminalStepException(
          "Slipway.Record.Corrupt",
          "the release record "
              + Keys.release(app, env)
              + " is not JSON: restore an earlier"
              + " version from the bucket's versioning.");
    }
  }

  private static String json(ReleaseRequest release) {
    try {
      ObjectNode node = MAPPER.valueToTree(release);
      return MAPPER.writeValueAsString(node);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
