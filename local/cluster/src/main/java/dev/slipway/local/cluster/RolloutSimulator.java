package dev.slipway.local.cluster;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Moves the status of Deployments, StatefulSets and DaemonSets forward the way their controllers
 * do, one step per {@link #tick()}: the new generation is observed, one more replica of the new
 * template is updated per step, updated replicas become available a step later and old replicas go
 * away as new ones become available. It keeps pods for the new template so that a reader sees what
 * a cluster would show.
 *
 * <p>A workload can be made to fail with a {@link Failure} ({@link #fail}), or by an image tag that
 * names one (e.g. {@code web:crashloop}, {@code web:oomkilled}, {@code web:imagepullbackoff},
 * {@code web:errimagepull}, {@code web:unschedulable}): its first new pod then shows that reason, a
 * Warning event is recorded, and a Deployment reports {@code ProgressDeadlineExceeded} once its
 * {@code progressDeadlineSeconds} have passed without progress (each tick is {@link #TICK} of
 * simulated time).
 */
public final class RolloutSimulator {
  /** The simulated time one tick stands for. */
  public static final Duration TICK = Duration.ofSeconds(10);

  /** How many nodes a DaemonSet runs on. */
  public static final int NODES = 3;

  /** Why a workload's new pods do not become ready. */
  public enum Failure {
    CRASH_LOOP_BACK_OFF("crashloop"),
    OOM_KILLED("oomkilled"),
    IMAGE_PULL_BACK_OFF("imagepullbackoff"),
    ERR_IMAGE_PULL("errimagepull"),
    UNSCHEDULABLE("unschedulable");

    private final String tag;

    Failure(String tag) {
      this.tag = tag;
    }

    /** The image tag that selects this failure, e.g. {@code crashloop}. */
    public String tag() {
      return tag;
    }
  }

  private final KubernetesClient client;
  private final Map<String, Failure> failures = new ConcurrentHashMap<>();
  private final Map<String, Track> tracks = new HashMap<>();
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");

  RolloutSimulator(KubernetesClient client) {
    this.client = client;
  }

  /** Progress of one workload's current template. */
  private static final class Track {
    final String hash;
    final String previousHash;
    final boolean first;
    int updated;
    int available;
    int old;
    int stalledTicks;

    Track(String hash, String previousHash, boolean first, int old) {
      this.hash = hash;
      this.previousHash = previousHash;
      this.first = first;
      this.old = old;
    }
  }

  /** Makes the new pods of {@code kind namespace/name} fail with {@code failure}. */
  public void fail(String kind, String namespace, String name, Failure failure) {
    failures.put(key(kind, namespace, name), failure);
  }

  /** Lets the workload's pods become ready again. */
  public void heal(String kind, String namespace, String name) {
    failures.remove(key(kind, namespace, name));
  }

  /** One step of every controller. */
  public synchronized void tick() {
    now = now.plus(TICK);
    for (var d : client.apps().deployments().inAnyNamespace().list().getItems()) {
      deployment(d);
    }
    for (var s : client.apps().statefulSets().inAnyNamespace().list().getItems()) {
      statefulSet(s);
    }
    for (var ds : client.apps().daemonSets().inAnyNamespace().list().getItems()) {
      daemonSet(ds);
    }
  }

  /** {@code n} steps. */
  public void tick(int n) {
    for (int i = 0; i < n; i++) {
      tick();
    }
  }

  private Track track(HasMetadata object, PodTemplateSpec template, int previouslyReady) {
    var key =
        key(object.getKind(), object.getMetadata().getNamespace(), object.getMetadata().getName());
    var hash = Integer.toUnsignedString(template.hashCode(), 36);
    var t = tracks.get(key);
    if (t == null || !t.hash.equals(hash)) {
      t = new Track(hash, t == null ? hash : t.hash, t == null, t == null ? 0 : previouslyReady);
      tracks.put(key, t);
    }
    return t;
  }

  private void deployment(Deployment d) {
    var spec = d.getSpec();
    var desired = spec.getReplicas() == null ? 1 : spec.getReplicas();
    var previous = d.getStatus() == null ? 0 : nz(d.getStatus().getAvailableReplicas());
    var t = track(d, spec.getTemplate(), previous);
    var failure = failure(d, spec.getTemplate());
    if (failure == null) {
      t.available = Math.min(t.updated, desired);
      t.updated = Math.min(desired, t.updated + 1);
      t.old = Math.max(0, Math.min(t.old, desired - t.available));
      t.stalledTicks = 0;
    } else {
      t.updated = Math.min(desired, Math.max(t.updated, 1));
      t.available = 0;
      t.stalledTicks++;
    }
    var name = d.getMetadata().getName();
    var rs = name + "-" + t.hash;
    var done = t.updated == desired && t.available == desired && t.old == 0;
    var deadline =
        spec.getProgressDeadlineSeconds() == null ? 600 : spec.getProgressDeadlineSeconds();
    DeploymentCondition progressing;
    if (done) {
      progressing =
          condition(
              "Progressing",
              "True",
              "NewReplicaSetAvailable",
              "ReplicaSet \"" + rs + "\" has successfully progressed.");
    } else if (t.stalledTicks * TICK.toSeconds() > deadline) {
      progressing =
          condition(
              "Progressing",
              "False",
              "ProgressDeadlineExceeded",
              "ReplicaSet \"" + rs + "\" has timed out progressing.");
    } else {
      progressing =
          condition(
              "Progressing",
              "True",
              "ReplicaSetUpdated",
              "ReplicaSet \"" + rs + "\" is progressing.");
    }
    var availableNow = t.available + t.old;
    var available =
        availableNow > 0 || desired == 0
            ? condition(
                "Available",
                "True",
                "MinimumReplicasAvailable",
                "Deployment has minimum availability.")
            : condition(
                "Available",
                "False",
                "MinimumReplicasUnavailable",
                "Deployment does not have minimum availability.");
    d.setStatus(
        new DeploymentStatusBuilder()
            .withObservedGeneration(generation(d))
            .withReplicas(t.updated + t.old)
            .withUpdatedReplicas(t.updated)
            .withReadyReplicas(availableNow)
            .withAvailableReplicas(availableNow)
            .withUnavailableReplicas(Math.max(0, t.updated + t.old - availableNow))
            .withConditions(available, progressing)
            .build());
    client
        .apps()
        .deployments()
        .inNamespace(d.getMetadata().getNamespace())
        .resource(d)
        .updateStatus();
    pods(d, spec.getSelector(), spec.getTemplate(), rs, t, failure, t.hash);
  }

  private void statefulSet(StatefulSet s) {
    var spec = s.getSpec();
    var desired = spec.getReplicas() == null ? 1 : spec.getReplicas();
    var t = track(s, spec.getTemplate(), desired);
    var partition =
        spec.getUpdateStrategy() != null
                && spec.getUpdateStrategy().getRollingUpdate() != null
                && spec.getUpdateStrategy().getRollingUpdate().getPartition() != null
            ? spec.getUpdateStrategy().getRollingUpdate().getPartition()
            : 0;
    var toUpdate = Math.max(0, desired - partition);
    var failure = failure(s, spec.getTemplate());
    int ready;
    if (failure == null) {
      t.updated = Math.min(toUpdate, t.updated + 1);
      ready = t.first ? t.updated : desired;
    } else {
      t.updated = Math.min(toUpdate, Math.max(t.updated, 1));
      ready = t.first ? 0 : desired - 1;
      t.stalledTicks++;
    }
    var name = s.getMetadata().getName();
    var updateRevision = name + "-" + t.hash;
    var complete = t.updated == desired && failure == null;
    var currentRevision = complete || t.first ? updateRevision : name + "-" + t.previousHash;
    s.setStatus(
        new StatefulSetStatusBuilder()
            .withObservedGeneration(generation(s))
            .withReplicas(desired)
            .withReadyReplicas(ready)
            .withAvailableReplicas(ready)
            .withUpdatedReplicas(t.updated)
            .withCurrentReplicas(complete ? desired : desired - t.updated)
            .withCurrentRevision(currentRevision)
            .withUpdateRevision(updateRevision)
            .build());
    client
        .apps()
        .statefulSets()
        .inNamespace(s.getMetadata().getNamespace())
        .resource(s)
        .updateStatus();
    pods(s, spec.getSelector(), spec.getTemplate(), name, t, failure, updateRevision);
  }

  private void daemonSet(DaemonSet ds) {
    var spec = ds.getSpec();
    var t = track(ds, spec.getTemplate(), NODES);
    var failure = failure(ds, spec.getTemplate());
    if (failure == null) {
      t.available = t.updated;
      t.updated = Math.min(NODES, t.updated + 1);
    } else {
      t.updated = Math.max(t.updated, 1);
      t.stalledTicks++;
    }
    var available =
        failure == null
            ? (t.first ? t.available : NODES - (t.updated - t.available))
            : (t.first ? 0 : NODES - 1);
    ds.setStatus(
        new DaemonSetStatusBuilder()
            .withObservedGeneration(generation(ds))
            .withDesiredNumberScheduled(NODES)
            .withCurrentNumberScheduled(NODES)
            .withNumberMisscheduled(0)
            .withUpdatedNumberScheduled(t.updated)
            .withNumberAvailable(available)
            .withNumberReady(available)
            .withNumberUnavailable(NODES - available)
            .build());
    client
        .apps()
        .daemonSets()
        .inNamespace(ds.getMetadata().getNamespace())
        .resource(ds)
        .updateStatus();
    pods(
        ds,
        spec.getSelector(),
        spec.getTemplate(),
        ds.getMetadata().getName() + "-" + t.hash,
        t,
        failure,
        t.hash);
  }

  /** Keeps one pod per updated replica of the current template; removes the others. */
  private void pods(
      HasMetadata owner,
      LabelSelector selector,
      PodTemplateSpec template,
      String prefix,
      Track t,
      Failure failure,
      String hash) {
    var ns = owner.getMetadata().getNamespace();
    var labels = new HashMap<String, String>();
    if (selector != null && selector.getMatchLabels() != null) {
      labels.putAll(selector.getMatchLabels());
    }
    var pods = client.pods().inNamespace(ns);
    for (var pod : pods.withLabels(labels).list().getItems()) {
      var podHash = pod.getMetadata().getLabels().get("pod-template-hash");
      if (!hash.equals(podHash) && t.old == 0) {
        pods.resource(pod).delete();
      }
    }
    var podLabels = new HashMap<>(labels);
    podLabels.put("pod-template-hash", hash);
    var container = template.getSpec().getContainers().get(0);
    for (int i = 0; i < t.updated; i++) {
      var name = prefix + "-" + i;
      var failing = failure != null && i == 0;
      var ready = !failing && (owner instanceof StatefulSet || i < t.available);
      List<PodCondition> conditions;
      ContainerStatus status = null;
      var phase = "Running";
      if (failing && failure == Failure.UNSCHEDULABLE) {
        phase = "Pending";
        conditions =
            List.of(
                new PodConditionBuilder()
                    .withType("PodScheduled")
                    .withStatus("False")
                    .withReason("Unschedulable")
                    .withMessage(unschedulableMessage())
                    .build());
      } else {
        conditions =
            List.of(
                new PodConditionBuilder().withType("PodScheduled").withStatus("True").build(),
                new PodConditionBuilder()
                    .withType("Ready")
                    .withStatus(ready ? "True" : "False")
                    .withReason(ready ? null : "ContainersNotReady")
                    .build());
        status =
            containerStatus(
                container.getName(),
                container.getImage(),
                name,
                ns,
                ready,
                failing ? failure : null,
                t.stalledTicks);
      }
      var pod =
          new PodBuilder()
              .withNewMetadata()
              .withName(name)
              .withNamespace(ns)
              .withLabels(podLabels)
              .endMetadata()
              .withSpec(template.getSpec())
              .withNewStatus()
              .withPhase(phase)
              .withConditions(conditions)
              .withContainerStatuses(status == null ? List.of() : List.of(status))
              .endStatus()
              .build();
      pods.resource(pod).createOr(NonDeletingOperation::update);
      if (failing) {
        warning(ns, name, failure, container.getImage(), t.stalledTicks);
      }
    }
  }

  private static ContainerStatus containerStatus(
      String container,
      String image,
      String pod,
      String ns,
      boolean ready,
      Failure failure,
      int restarts) {
    var b = new ContainerStatusBuilder().withName(container).withImage(image).withReady(ready);
    if (failure == null) {
      return b.withRestartCount(0)
          .withNewState()
          .withNewRunning()
          .withStartedAt("2026-01-01T00:00:00Z")
          .endRunning()
          .endState()
          .build();
    }
    return switch (failure) {
      case CRASH_LOOP_BACK_OFF, OOM_KILLED -> {
        var oom = failure == Failure.OOM_KILLED;
        yield b.withRestartCount(restarts)
            .withNewState()
            .withNewWaiting()
            .withReason("CrashLoopBackOff")
            .withMessage(
                "back-off 40s restarting failed container=" + container + " pod=" + pod + "_" + ns)
            .endWaiting()
            .endState()
            .withNewLastState()
            .withNewTerminated()
            .withReason(oom ? "OOMKilled" : "Error")
            .withExitCode(oom ? 137 : 1)
            .endTerminated()
            .endLastState()
            .build();
      }
      case IMAGE_PULL_BACK_OFF ->
          b.withRestartCount(0)
              .withNewState()
              .withNewWaiting()
              .withReason("ImagePullBackOff")
              .withMessage("Back-off pulling image \"" + image + "\"")
              .endWaiting()
              .endState()
              .build();
      case ERR_IMAGE_PULL ->
          b.withRestartCount(0)
              .withNewState()
              .withNewWaiting()
              .withReason("ErrImagePull")
              .withMessage(
                  "rpc error: code = NotFound desc = failed to pull and unpack image \""
                      + image
                      + "\": not found")
              .endWaiting()
              .endState()
              .build();
      case UNSCHEDULABLE -> b.build();
    };
  }

  private void warning(String ns, String pod, Failure failure, String image, int count) {
    var reason =
        switch (failure) {
          case CRASH_LOOP_BACK_OFF, OOM_KILLED -> "BackOff";
          case IMAGE_PULL_BACK_OFF, ERR_IMAGE_PULL -> "Failed";
          case UNSCHEDULABLE -> "FailedScheduling";
        };
    var message =
        switch (failure) {
          case CRASH_LOOP_BACK_OFF, OOM_KILLED ->
              "Back-off restarting failed container in pod " + pod;
          case IMAGE_PULL_BACK_OFF -> "Error: ImagePullBackOff";
          case ERR_IMAGE_PULL -> "Failed to pull image \"" + image + "\": not found";
          case UNSCHEDULABLE -> unschedulableMessage();
        };
    var event =
        new EventBuilder()
            .withNewMetadata()
            .withName(pod + "." + reason.toLowerCase(Locale.ROOT))
            .withNamespace(ns)
            .endMetadata()
            .withNewInvolvedObject()
            .withKind("Pod")
            .withNamespace(ns)
            .withName(pod)
            .withApiVersion("v1")
            .endInvolvedObject()
            .withType("Warning")
            .withReason(reason)
            .withMessage(message)
            .withCount(Math.max(1, count))
            .withFirstTimestamp(now.minus(TICK.multipliedBy(Math.max(0, count - 1))).toString())
            .withLastTimestamp(now.toString())
            .withNewSource()
            .withComponent(failure == Failure.UNSCHEDULABLE ? "default-scheduler" : "kubelet")
            .endSource()
            .build();
    client.v1().events().inNamespace(ns).resource(event).createOr(NonDeletingOperation::update);
  }

  private static String unschedulableMessage() {
    return "0/"
        + NODES
        + " nodes are available: "
        + NODES
        + " Insufficient cpu. preemption: 0/"
        + NODES
        + " nodes are available: "
        + NODES
        + " No preemption victims found for incoming pod.";
  }

  private Failure failure(HasMetadata object, PodTemplateSpec template) {
    var explicit =
        failures.get(
            key(
                object.getKind(),
                object.getMetadata().getNamespace(),
                object.getMetadata().getName()));
    if (explicit != null) {
      return explicit;
    }
    for (var container : template.getSpec().getContainers()) {
      var image = container.getImage() == null ? "" : container.getImage();
      for (var f : Failure.values()) {
        if (image.endsWith(":" + f.tag())) {
          return f;
        }
      }
    }
    return null;
  }

  private static DeploymentCondition condition(
      String type, String status, String reason, String message) {
    return new DeploymentConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .build();
  }

  private static long generation(HasMetadata object) {
    var g = object.getMetadata().getGeneration();
    return g == null || g == 0 ? 1 : g;
  }

  private static int nz(Integer i) {
    return i == null ? 0 : i;
  }

  private static String key(String kind, String namespace, String name) {
    return kind + "/" + namespace + "/" + name;
  }
}
