package dev.slipway.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

/** A second configuration: functions placed in private subnets, no reserved concurrency. */
class VpcPlacementTest {
  private static SynthesizedSlipway synth;
  private static Map<String, Object> resources;

  @BeforeAll
  static void synth() {
    synth =
        SynthesizedSlipway.withContext(SynthesizedSlipway.fixtureContext("infra-config-vpc.json"));
    resources = TemplateJson.map(synth.template.toJSON().get("Resources"));
  }

  @Test
  @DisplayName("cluster, Prometheus and Grafana callers run in the subnets; the rest stay out")
  void functions_shouldBePlacedInTheVpc_whenConfigured() {
    for (SlipwayFunction f : SlipwayFunction.values()) {
      Map<String, Object> props =
          TemplateJson.map(
              TemplateJson.map(resources.get(SlipwayStackTest.idIn(resources, f.id() + "Function")))
                  .get("Properties"));
      if (f.vpcCandidate()) {
        Map<String, Object> vpc = TemplateJson.map(props.get("VpcConfig"));
        assertThat(vpc.get("SubnetIds"))
            .as(f.id())
            .isEqualTo(List.of("subnet-0aaa", "subnet-0bbb"));
        assertThat(TemplateJson.list(vpc.get("SecurityGroupIds")))
            .containsExactly(
                Map.of(
                    "Fn::GetAtt",
                    List.of(SlipwayStackTest.idIn(resources, "FunctionSecurityGroup"), "GroupId")));
      } else {
        assertThat(props).as(f.id()).doesNotContainKey("VpcConfig");
      }
      assertThat(props).as(f.id()).doesNotContainKey("ReservedConcurrentExecutions");
    }
    synth.template.hasResourceProperties(
        "AWS::EC2::SecurityGroup",
        Match.objectLike(
            Map.of(
                "VpcId",
                "vpc-0abc",
                "SecurityGroupEgress",
                List.of(Match.objectLike(Map.of("CidrIp", "0.0.0.0/0"))))));
  }

  @Test
  @DisplayName("roles of functions in the VPC may manage their network interfaces, the rest not")
  void vpcRoles_shouldGetTheVpcAccessPolicy() {
    for (SlipwayFunction f : SlipwayFunction.values()) {
      Map<String, Object> props =
          TemplateJson.map(
              TemplateJson.map(resources.get(SlipwayStackTest.idIn(resources, f.roleId() + "Role")))
                  .get("Properties"));
      Object managed = props.get("ManagedPolicyArns");
      if (f.vpcCandidate()) {
        assertThat(TemplateJson.list(managed).stream().map(TemplateJson::render))
            .as(f.roleId())
            .containsExactly(
                "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole");
      } else {
        assertThat(managed).as(f.roleId()).isNull();
      }
    }
  }

  @Test
  @DisplayName("in a VPC the template still has no unsuppressed cdk-nag error")
  void nag_shouldStayClean_whenInVpc() {
    List<String> errors = new ArrayList<>();
    synth
        .annotations
        .findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))
        .forEach(m -> errors.add(m.getId() + ": " + m.getEntry().getData()));
    assertThat(errors).isEmpty();
  }

  @Test
  @DisplayName("without a workspace or static-sync buckets, those permissions are simply absent")
  void optionalGrants_shouldBeAbsent_whenNotConfigured() {
    assertThat(
            TemplateJson.permissionsOf(resources, SlipwayStackTest.idIn(resources, "CanaryRole")))
        .noneMatch(l -> l.contains("aps:"));
    assertThat(
            TemplateJson.permissionsOf(
                resources, SlipwayStackTest.idIn(resources, "StaticSyncRole")))
        .noneMatch(l -> l.contains("s3:"));
    synth.template.resourceCountIs("Custom::CDKBucketDeployment", 0);
  }
}
