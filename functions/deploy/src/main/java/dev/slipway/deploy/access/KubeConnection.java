package dev.slipway.deploy.access;

import io.kubernetes.client.openapi.ApiClient;

/**
 * An authenticated client for one cluster. Build one per cluster per container and reuse it; never
 * install it as client-java's global default.
 *
 * @param cluster Slipway's name for the cluster (for errors)
 * @param server the API server URL (for errors; holds no credentials)
 */
public record KubeConnection(String cluster, String server, ApiClient client) {}
