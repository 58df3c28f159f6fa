package dev.slipway.deploy.access;

/**
 * Where an API server is and how to trust it.
 *
 * @param server e.g. {@code https://ABC.gr7.eu-west-1.eks.amazonaws.com}
 * @param caPem the cluster CA certificate(s) in PEM, or null to use the JVM's trust store
 * @param insecureSkipTlsVerify the kubeconfig's {@code insecure-skip-tls-verify}
 */
public record ClusterEndpoint(String server, byte[] caPem, boolean insecureSkipTlsVerify) {}
