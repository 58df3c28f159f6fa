package dev.slipway.deploy;

import dev.slipway.model.SlipwayException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Dependency order for applying objects (Namespaces, CRDs, ServiceAccounts and RBAC, ConfigMaps and
 * Secrets, Services, workloads, then everything that refers to them), and running one tier at a
 * time with bounded parallelism inside it.
 */
final class Tiers {
  private Tiers() {}

  static int tier(String kind) {
    return switch (kind) {
      case "Namespace" -> 0;
      case "CustomResourceDefinition" -> 1;
      case "ServiceAccount",
          "Role",
          "ClusterRole",
          "RoleBinding",
          "ClusterRoleBinding",
          "PriorityClass",
          "StorageClass",
          "ResourceQuota",
          "LimitRange",
          "NetworkPolicy" ->
          2;
      case "ConfigMap", "Secret", "PersistentVolume", "PersistentVolumeClaim" -> 3;
      case "Service" -> 4;
      case "Deployment",
          "StatefulSet",
          "DaemonSet",
          "ReplicaSet",
          "ReplicationController",
          "Job",
          "CronJob",
          "Pod" ->
          5;
      default -> 6; // HPAs, PDBs, Ingresses, webhooks, custom resources: after what they refer to
    };
  }

  /** The items grouped by tier, in apply order ({@code reverse} for deletes). */
  static <T> List<List<T>> group(List<T> items, Function<T, String> kind, boolean reverse) {
    var byTier = new TreeMap<Integer, List<T>>();
    for (var item : items) {
      byTier.computeIfAbsent(tier(kind.apply(item)), k -> new ArrayList<>()).add(item);
    }
    var out = new ArrayList<>(byTier.values());
    if (reverse) {
      java.util.Collections.reverse(out);
    }
    return out;
  }

  /** The outcome of one item: a result or the named error it failed with. */
  record Outcome<T, R>(T item, R result, SlipwayException error) {}

  /**
   * Runs {@code action} over one tier's items on {@code pool} and waits for all of them; results
   * come back in the items' order.
   */
  static <T, R> List<Outcome<T, R>> run(
      List<T> items, ExecutorService pool, Function<T, R> action) {
    var futures = new ArrayList<Future<R>>();
    for (var item : items) {
      futures.add(pool.submit(() -> action.apply(item)));
    }
    var out = new ArrayList<Outcome<T, R>>();
    for (int i = 0; i < items.size(); i++) {
      try {
        out.add(new Outcome<>(items.get(i), futures.get(i).get(), null));
      } catch (ExecutionException e) {
        if (e.getCause() instanceof SlipwayException s) {
          out.add(new Outcome<>(items.get(i), null, s));
        } else if (e.getCause() instanceof RuntimeException r) {
          throw r;
        } else {
          throw new IllegalStateException(e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while applying", e);
      }
    }
    return out;
  }
}
