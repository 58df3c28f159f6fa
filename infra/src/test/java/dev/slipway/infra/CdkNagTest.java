package dev.slipway.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.services.s3.Bucket;

/** cdk-nag's AWS Solutions pack: no unsuppressed error, and every suppression says why. */
class CdkNagTest {

  @Test
  @DisplayName("the Slipway stack has no unsuppressed AwsSolutions error")
  void stack_shouldHaveNoUnsuppressedNagErrors() {
    SynthesizedSlipway s = SynthesizedSlipway.get();
    List<String> errors = new ArrayList<>();
    s.annotations
        .findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))
        .forEach(m -> errors.add(m.getId() + ": " + m.getEntry().getData()));
    assertThat(errors).isEmpty();
    assertThat(Aspects.of(s.stack.getNode().getScope()).getAll())
        .anyMatch(a -> a instanceof AwsSolutionsChecks);
  }

  @Test
  @DisplayName("the same checks do flag a non-compliant resource (they are live, not a no-op)")
  void checks_shouldFlagAnUnencryptedUnloggedBucket() {
    App app =
        new App(
            software.amazon.awscdk.AppProps.builder().outdir(SynthesizedSlipway.outdir()).build());
    Stack stack = new Stack(app, "NagProbe");
    new Bucket(stack, "Plain");
    Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().build()));
    assertThat(
            Annotations.fromStack(stack)
                .findError("*", Match.stringLikeRegexp("AwsSolutions-S(1|10).*")))
        .hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  @DisplayName("every suppression has a real reason; IAM5 ones name the wildcards they accept")
  void suppressions_shouldAllBeJustified() {
    Map<String, Object> resources =
        TemplateJson.map(SynthesizedSlipway.get().template.toJSON().get("Resources"));
    int count = 0;
    for (Map.Entry<String, Object> e : resources.entrySet()) {
      Object metadata = TemplateJson.map(e.getValue()).get("Metadata");
      if (metadata == null || !TemplateJson.map(metadata).containsKey("cdk_nag")) {
        continue;
      }
      for (Object o :
          TemplateJson.list(
              TemplateJson.map(TemplateJson.map(metadata).get("cdk_nag"))
                  .get("rules_to_suppress"))) {
        Map<String, Object> rule = TemplateJson.map(o);
        count++;
        assertThat((String) rule.get("reason"))
            .as(e.getKey() + " " + rule.get("id"))
            .hasSizeGreaterThan(60);
        if ("AwsSolutions-IAM5".equals(rule.get("id")) && !isCdkOwned(e.getKey())) {
          assertThat(rule.get("applies_to")).as(e.getKey() + " IAM5 appliesTo").isNotNull();
        }
      }
    }
    assertThat(count).isGreaterThan(20);
  }

  private static boolean isCdkOwned(String logicalId) {
    return logicalId.startsWith("CustomCDKBucketDeployment");
  }
}
