package dev.slipway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The source of a recorded-build release: every field hostile until checked. */
class ReleaseSourceTest {
  private static final String WHO = "arn:aws:sts::123456789012:assumed-role/Operator/alice";

  private static ReleaseRequest release(String env, String build, ReleaseRequest.Source source) {
    return new ReleaseRequest(
        "shop",
        env,
        "https://github.com/example/shop.git",
        "main",
        build,
        "9f2c4e1",
        null,
        null,
        new ReleaseRequest.Images("shop:" + build, "shop-build:" + build),
        true,
        false,
        0,
        null,
        source);
  }

  private static ReleaseRequest.Source source(
      String kind, String fromBuild, String fromEnv, String fromExecution, String who, String why) {
    return new ReleaseRequest.Source(kind, fromBuild, fromEnv, fromExecution, who, why, null);
  }

  @Test
  void check_shouldAcceptWhatTheOperatorCommandsWrite() {
    ReleaseSource.check(release("prod", "141", null));
    ReleaseSource.check(
        release("prod", "141", source("rollback", "141", "prod", "shop-prod-141-abc", WHO, null)));
    ReleaseSource.check(
        release("prod", "142", source("promote", "142", "stg", null, WHO, "stg is green")));
    ReleaseSource.check(
        release(
            "prod",
            "142",
            source(
                "rerun",
                "142",
                null,
                "arn:aws:states:eu-west-1:123456789012:execution:slipway-release:shop-prod-142-x",
                WHO,
                "flaky cluster")));
  }

  @Test
  void manifests_shouldBeStoredForARollbackAndRenderedOtherwise() {
    assertThat(ReleaseSource.manifests(null)).isEqualTo("render");
    assertThat(ReleaseSource.manifests(source("rollback", "1", null, null, WHO, null)))
        .isEqualTo("stored");
    assertThat(ReleaseSource.manifests(source("promote", "1", "stg", null, WHO, null)))
        .isEqualTo("render");
    assertThat(
            ReleaseSource.manifests(
                new ReleaseRequest.Source("rerun", "1", null, null, WHO, null, "stored")))
        .isEqualTo("stored");
  }

  static Stream<Arguments> hostile() {
    String rollback = "rollback";
    return Stream.of(
        Arguments.of(
            "kind", source("deploy-everything", "141", null, null, WHO, null), "source.kind"),
        Arguments.of("no kind", source(null, "141", null, null, WHO, null), "source.kind"),
        Arguments.of(
            "a path as the build", source(rollback, "../141", null, null, WHO, null), "fromBuild"),
        Arguments.of(
            "another build than build_num",
            source(rollback, "140", null, null, WHO, null),
            "source.fromBuild is not the release's build_num"),
        Arguments.of(
            "a line break in the environment",
            source("promote", "141", "stg\nprod", null, WHO, null),
            "source.fromEnv holds a line break"),
        Arguments.of(
            "promote without a source environment",
            source("promote", "141", null, null, WHO, null),
            "source.fromEnv is missing"),
        Arguments.of(
            "promote to itself",
            source("promote", "141", "prod", null, WHO, null),
            "own environment"),
        Arguments.of(
            "a rollback of another environment's build",
            source(rollback, "141", "stg", null, WHO, null),
            "source.fromEnv is another environment"),
        Arguments.of(
            "a slash in the execution",
            source(rollback, "141", null, "a/../b", WHO, null),
            "source.fromExecution is not an execution"),
        Arguments.of(
            "a very long execution",
            source(rollback, "141", null, "x".repeat(300), WHO, null),
            "source.fromExecution is 300 characters long"),
        Arguments.of(
            "nobody asked",
            source(rollback, "141", null, null, " ", null),
            "requestedBy is missing"),
        Arguments.of(
            "a bidi override in who",
            source(rollback, "141", null, null, "alice\u202Eevil", null),
            "source.requestedBy holds a bidirectional control"),
        Arguments.of(
            "a paragraph separator in the reason",
            source(rollback, "141", null, null, WHO, "oops\u2029kind: Secret"),
            "source.reason holds a line break"),
        Arguments.of(
            "a NUL in the reason",
            source(rollback, "141", null, null, WHO, "a\u0000b"),
            "source.reason holds a control character"),
        Arguments.of(
            "a long reason",
            source(rollback, "141", null, null, WHO, "r".repeat(501)),
            "source.reason is 501 characters long"),
        Arguments.of(
            "a rollback that renders",
            new ReleaseRequest.Source(rollback, "141", null, null, WHO, null, "render"),
            "a rollback puts back the stored manifests"),
        Arguments.of(
            "an unknown manifests mode",
            new ReleaseRequest.Source("rerun", "141", null, null, WHO, null, "stored\n"),
            "source.manifests is not one of stored, render"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostile")
  void check_shouldRefuseAHostileField_namingItWithoutQuotingIt(
      String what, ReleaseRequest.Source source, String expected) {
    ReleaseRequest release = release("prod", "141", source);

    assertThatThrownBy(() -> ReleaseSource.check(release))
        .isInstanceOfSatisfying(
            TerminalStepException.class,
            e -> {
              assertThat(e.errorName()).isEqualTo("Slipway.Release.InvalidSource");
              assertThat(e.getMessage()).contains(expected).contains("slipway rollback");
              for (String value :
                  new String[] {source.fromEnv(), source.requestedBy(), source.reason()}) {
                if (value != null && !value.equals(WHO) && value.length() > 5) {
                  assertThat(e.getMessage()).doesNotContain(value);
                }
              }
            });
  }
}
