package dev.slipway.deploy.access;

import dev.slipway.deploy.ClusterErrors;
import dev.slipway.model.RetryableStepException;
import dev.slipway.model.TerminalStepException;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.EksException;
import software.amazon.awssdk.services.eks.model.ResourceNotFoundException;

/**
 * {@link EksClusters} over the AWS SDK, one {@link EksClient} per region (url-connection HTTP
 * client, explicit region). Endpoints are cached per container: they do not change while a cluster
 * exists.
 */
public final class SdkEksClusters implements EksClusters {
  private final Function<String, EksClient> clientForRegion;
  private final Map<String, EksClient> clients = new ConcurrentHashMap<>();
  private final Map<String, ClusterEndpoint> endpoints = new ConcurrentHashMap<>();

  /** Real clients, one per region, with the given timeouts. */
  public SdkEksClusters(Duration connectTimeout, Duration callTimeout) {
    this(
        region ->
            EksClient.builder()
                .region(Region.of(region))
                .httpClientBuilder(
                    UrlConnectionHttpClient.builder()
                        .connectionTimeout(connectTimeout)
                        .socketTimeout(callTimeout))
                .overrideConfiguration(o -> o.apiCallTimeout(callTimeout))
                .build());
  }

  /** Clients from {@code clientForRegion} (tests point them at a fake endpoint). */
  public SdkEksClusters(Function<String, EksClient> clientForRegion) {
    this.clientForRegion = clientForRegion;
  }

  @Override
  public ClusterEndpoint describe(
      String cluster, String region, AwsCredentialsProvider credentials) {
    return endpoints.computeIfAbsent(
        region + "/" + cluster, k -> fetch(cluster, region, credentials));
  }

  private static String errorCode(AwsServiceException e) {
    return e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
  }

  private ClusterEndpoint fetch(String cluster, String region, AwsCredentialsProvider credentials) {
    var eks = clients.computeIfAbsent(region, clientForRegion);
    try {
      var response =
          eks.describeCluster(
              r -> r.name(cluster).overrideConfiguration(o -> o.credentialsProvider(credentials)));
      var info = response.cluster();
      if (info.endpoint() == null || info.certificateAuthority() == null) {
        throw new RetryableStepException(
            ClusterErrors.UNREACHABLE,
            "EKS cluster '"
                + cluster
                + "' in "
                + region
                + " has no endpoint yet (status "
                + info.statusAsString()
                + "). Wait until it is ACTIVE.");
      }
      return new ClusterEndpoint(
          URI.create(info.endpoint()).toString(),
          Base64.getMimeDecoder().decode(info.certificateAuthority().data()),
          false);
    } catch (ResourceNotFoundException e) {
      throw new TerminalStepException(
          ClusterErrors.NOT_FOUND,
          "no EKS cluster named '"
              + cluster
              + "' in "
              + region
              + ". Check eks.cluster and eks.region of the cluster entry (aws eks list-clusters"
              + " --region "
              + region
              + ").");
    } catch (AwsServiceException e) {
      if (!(e instanceof EksException)) {
        // the credentials provider failed (an STS AssumeRole refused), not EKS
        throw new TerminalStepException(
            ClusterErrors.UNAUTHORIZED,
            "could not get AWS credentials to call eks:DescribeCluster on '"
                + cluster
                + "' ("
                + e.statusCode()
                + " "
                + errorCode(e)
                + "). Check that the cluster's roleArn trusts the function's role and that the"
                + " function's role may call sts:AssumeRole on it.");
      }
      if (e.statusCode() == 401 || e.statusCode() == 403) {
        throw new TerminalStepException(
            ClusterErrors.UNAUTHORIZED,
            "eks:DescribeCluster on '"
                + cluster
                + "' in "
                + region
                + " was denied ("
                + errorCode(e)
                + "). Allow eks:DescribeCluster on the cluster's ARN to the function's role (or"
                + " the cluster's roleArn).");
      }
      throw new RetryableStepException(
          ClusterErrors.UNAVAILABLE,
          "eks:DescribeCluster on '"
              + cluster
              + "' failed with "
              + e.statusCode()
              + " ("
              + errorCode(e)
              + "). Slipway retries.");
    } catch (ApiCallTimeoutException e) {
      throw ClusterErrors.timeout(cluster, "the EKS API in " + region, "eks:DescribeCluster");
    } catch (SdkClientException e) {
      throw ClusterErrors.unreachable(
          cluster, "the EKS API in " + region, "eks:DescribeCluster: " + e.getMessage());
    }
  }
}
