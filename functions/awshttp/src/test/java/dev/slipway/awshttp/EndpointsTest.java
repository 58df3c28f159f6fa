package dev.slipway.awshttp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EndpointsTest {
  @Test
  void s3_shouldBeVirtualHosted_whenTheBucketNameAllowsIt_elsePathStyle() {
    assertThat(S3HttpStore.awsBase("slipway-artifacts", "eu-west-1"))
        .hasToString("https://slipway-artifacts.s3.eu-west-1.amazonaws.com");
    assertThat(S3HttpStore.awsBase("with.dots", "us-east-1"))
        .hasToString("https://s3.us-east-1.amazonaws.com/with.dots");
    assertThat(S3HttpStore.awsBase("Upper", "cn-north-1"))
        .hasToString("https://s3.cn-north-1.amazonaws.com.cn/Upper");
  }

  @Test
  void jsonServices_shouldUseTheRegionalEndpoint_ofTheRightPartition() {
    assertThat(AwsJson.regional("states", "us-east-1"))
        .hasToString("https://states.us-east-1.amazonaws.com");
    assertThat(AwsJson.regional("secretsmanager", "cn-northwest-1"))
        .hasToString("https://secretsmanager.cn-northwest-1.amazonaws.com.cn");
  }

  @Test
  void shortCode_shouldStripTheNamespaceAndTheDocumentationLink() {
    assertThat(AwsJson.shortCode("com.amazonaws.swf.service.v2.model#ExecutionAlreadyExists"))
        .isEqualTo("ExecutionAlreadyExists");
    assertThat(AwsJson.shortCode("ThrottlingException:http://internal.amazon.com/coral/"))
        .isEqualTo("ThrottlingException");
    assertThat(AwsJson.shortCode("ResourceNotFoundException"))
        .isEqualTo("ResourceNotFoundException");
    assertThat(AwsJson.shortCode(" ")).isNull();
  }
}
