package dev.slipway.config;

import java.util.List;

/**
 * What an application's releases may write to a cluster besides the namespaced objects of the
 * cluster's own namespace ({@link Cluster#namespace()}). Every field is optional; the defaults are
 * the strict ones, so an application without a {@code confinement} block may write only namespaced
 * objects in the cluster's namespace, no cluster-scoped object, no RBAC rule with a wildcard and no
 * binding to a built-in administrator role. docs/configuration.md#confinement explains each rule.
 *
 * @param allowedNamespaces namespaces the app may write to besides the cluster's namespace
 * @param allowedClusterKinds cluster-scoped kinds the app may write ({@code PriorityClass}, {@code
 *     Namespace}, {@code ClusterRole}, ...)
 * @param allowRbacWildcards whether a Role or ClusterRole may grant {@code *} verbs, resources or
 *     apiGroups. Default false
 * @param allowAdminBindings whether a RoleBinding or ClusterRoleBinding may bind the built-in
 *     ClusterRoles {@code cluster-admin}, {@code admin} or {@code edit}. Default false
 */
public record Confinement(
    List<String> allowedNamespaces,
    List<String> allowedClusterKinds,
    Boolean allowRbacWildcards,
    Boolean allowAdminBindings) {

  /** The strict policy: what an application without a {@code confinement} block gets. */
  public static final Confinement STRICT = new Confinement(null, null, null, null);

  /** The built-in ClusterRoles a binding to which needs {@code allowAdminBindings}. */
  public static final List<String> ADMIN_ROLES = List.of("cluster-admin", "admin", "edit");

  public Confinement {
    allowedNamespaces = allowedNamespaces == null ? List.of() : List.copyOf(allowedNamespaces);
    allowedClusterKinds =
        allowedClusterKinds == null ? List.of() : List.copyOf(allowedClusterKinds);
    allowRbacWildcards = Boolean.TRUE.equals(allowRbacWildcards);
    allowAdminBindings = Boolean.TRUE.equals(allowAdminBindings);
  }

  /** Whether {@code *} may appear in a Role's or ClusterRole's verbs, resources or apiGroups. */
  public boolean rbacWildcards() {
    return Boolean.TRUE.equals(allowRbacWildcards);
  }

  /** Whether a binding may name the ClusterRole cluster-admin, admin or edit. */
  public boolean adminBindings() {
    return Boolean.TRUE.equals(allowAdminBindings);
  }
}
