package dev.slipway.deploy.access;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/** Looks up an EKS cluster's API endpoint and CA ({@code eks:DescribeCluster}). */
public interface EksClusters {

  /**
   * The endpoint of {@code cluster} in {@code region}, asked with {@code credentials}.
   *
   * @throws dev.slipway.model.SlipwayException named: NotFound, Unauthorized, Unreachable, Timeout
   */
  ClusterEndpoint describe(String cluster, String region, AwsCredentialsProvider credentials);
}
