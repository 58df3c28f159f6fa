package dev.slipway.local.run;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.slipway.analysis.AnalysisWiring;
import dev.slipway.analysis.CanaryHandler;
import dev.slipway.annotate.AnnotateHandler;
import dev.slipway.annotate.AnnotateWiring;
import dev.slipway.deploy.DeployHandler;
import dev.slipway.deploy.DeployWiring;
import dev.slipway.deploy.DiffHandler;
import dev.slipway.deploy.RollbackHandler;
import dev.slipway.deploy.RolloutHandler;
import dev.slipway.local.executor.ExecutionClock;
import dev.slipway.manifests.ManifestsHandler;
import dev.slipway.manifests.ManifestsWiring;
import dev.slipway.pipeline.AcquireLockHandler;
import dev.slipway.pipeline.ApprovalGateHandler;
import dev.slipway.pipeline.ExecutionStatusLookup;
import dev.slipway.pipeline.PipelineConfig;
import dev.slipway.pipeline.PipelineWiring;
import dev.slipway.pipeline.PlanHandler;
import dev.slipway.pipeline.RecordHandler;
import dev.slipway.pipeline.UnlockHandler;
import dev.slipway.reconcile.ExecutionHistory;
import dev.slipway.reconcile.ReconcileHandler;
import dev.slipway.reconcile.ReconcileWiring;
import dev.slipway.staticsync.StaticSyncHandler;
import dev.slipway.staticsync.StaticSyncWiring;
import dev.slipway.store.ArtifactStore;
import dev.slipway.store.S3ArtifactStore;
import dev.slipway.store.StoreConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The real handlers of the release state machine, built for a local run from the environment the
 * CDK stack would give them ({@link LocalEnvironment#functionEnvironment()}) and the run's virtual
 * clock (an {@link ExecutionClock}: each handler reads the time of the execution that invokes it),
 * keyed by the ASL's {@code ${XxxFunctionArn}} placeholder (without {@code ${}}), each measured by
 * a {@link Meter} under its function name.
 */
public final class LocalFunctions {
  private LocalFunctions() {}

  /** Placeholder → handler, for {@code LocalExecutor.builder().function(name, handler)}. */
  public static Map<String, Object> handlers(
      LocalEnvironment environment, ExecutionStatusLookup executions, Meter meter) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Bound b : bind(environment, executions)) {
      out.put(b.placeholder(), meter.wrap(b.function(), b.handler()));
    }
    return out;
  }

  /**
   * Function name (as in {@code slipway-functions.properties}, the handler's {@code TASK_NAME}) →
   * handler, unmeasured: what a test calls one handler at a time.
   */
  public static Map<String, RequestStreamHandler> byFunction(
      LocalEnvironment environment, ExecutionStatusLookup executions) {
    Map<String, RequestStreamHandler> out = new LinkedHashMap<>();
    for (Bound b : bind(environment, executions)) {
      out.put(b.function(), b.handler());
    }
    // not a state of the machine: what the status-change rule invokes
    out.put(
        ReconcileHandler.TASK_NAME,
        reconcileHandler(environment, executions, ExecutionHistory.none()));
    return out;
  }

  /** One handler, its ASL placeholder and its function name. */
  private record Bound(String placeholder, String function, RequestStreamHandler handler) {}

  private static List<Bound> bind(LocalEnvironment environment, ExecutionStatusLookup executions) {
    Map<String, String> env = environment.functionEnvironment();
    // each handler reads the virtual time of the execution invoking it, not a clock shared by all
    var clock = new ExecutionClock(environment.clock());
    var store = S3ArtifactStore.fromConfig(StoreConfig.from(env));
    var deploy = DeployWiring.fromEnvironment(env, clock);
    var pipeline = pipeline(environment, executions, store, env, clock);
    List<Bound> out = new ArrayList<>();
    put(
        out,
        "ManifestsFunctionArn",
        ManifestsHandler.TASK_NAME,
        new ManifestsHandler(ManifestsWiring.fromEnvironment(env, clock)));
    put(
        out,
        "StaticSyncFunctionArn",
        StaticSyncHandler.TASK_NAME,
        new StaticSyncHandler(StaticSyncWiring.fromEnvironment(env, clock)));
    put(out, "DeployFunctionArn", DeployHandler.TASK_NAME, new DeployHandler(deploy));
    put(out, "RolloutFunctionArn", RolloutHandler.TASK_NAME, new RolloutHandler(deploy));
    put(out, "DiffFunctionArn", DiffHandler.TASK_NAME, new DiffHandler(deploy));
    put(out, "RollbackFunctionArn", RollbackHandler.TASK_NAME, new RollbackHandler(deploy));
    put(
        out,
        "CanaryFunctionArn",
        CanaryHandler.TASK_NAME,
        new CanaryHandler(AnalysisWiring.fromEnvironment(env, clock)));
    put(
        out,
        "AnnotateFunctionArn",
        AnnotateHandler.TASK_NAME,
        new AnnotateHandler(AnnotateWiring.fromEnvironment(env, clock)));
    put(out, "PlanFunctionArn", PlanHandler.TASK_NAME, new PlanHandler(pipeline));
    put(out, "LockFunctionArn", AcquireLockHandler.TASK_NAME, new AcquireLockHandler(pipeline));
    put(out, "UnlockFunctionArn", UnlockHandler.TASK_NAME, new UnlockHandler(pipeline));
    put(
        out,
        "ApprovalGateFunctionArn",
        ApprovalGateHandler.TASK_NAME,
        new ApprovalGateHandler(pipeline));
    put(out, "RecordFunctionArn", RecordHandler.TASK_NAME, new RecordHandler(pipeline));
    return out;
  }

  /**
   * The pipeline functions' graph from {@code env}, with the run's stand-ins for Step Functions
   * (its executions, for the lock's queue) and SNS (its notifier).
   */
  private static PipelineWiring pipeline(
      LocalEnvironment environment,
      ExecutionStatusLookup executions,
      ArtifactStore store,
      Map<String, String> env,
      Clock clock) {
    return new PipelineWiring(
        store, executions, environment.notifier(), PipelineConfig.from(env), clock);
  }

  /**
   * The {@code reconcile} function (what the EventBridge rule on the machine's status changes
   * invokes), built as the release's functions are: the same store, notifier and Kubernetes
   * settings, the deploy wiring's rollback, the annotate wiring's Grafana client, and Step
   * Functions' history read from {@code history}; measured under its name.
   */
  public static RequestStreamHandler reconcile(
      LocalEnvironment environment,
      ExecutionStatusLookup executions,
      ExecutionHistory history,
      Meter meter) {
    return meter.wrap(
        ReconcileHandler.TASK_NAME, reconcileHandler(environment, executions, history));
  }

  private static ReconcileHandler reconcileHandler(
      LocalEnvironment environment, ExecutionStatusLookup executions, ExecutionHistory history) {
    Map<String, String> env = environment.functionEnvironment();
    var clock = new ExecutionClock(environment.clock());
    var store = S3ArtifactStore.fromConfig(StoreConfig.from(env));
    return new ReconcileHandler(
        new ReconcileWiring(
            store,
            pipeline(environment, executions, store, env, clock),
            DeployWiring.fromEnvironment(env, clock),
            AnnotateWiring.fromEnvironment(env, clock),
            history,
            clock));
  }

  private static void put(
      List<Bound> out, String placeholder, String function, RequestStreamHandler handler) {
    out.add(new Bound(placeholder, function, handler));
  }
}
