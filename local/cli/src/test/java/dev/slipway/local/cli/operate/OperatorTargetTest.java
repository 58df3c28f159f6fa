package dev.slipway.local.cli.operate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.awshttp.AwsCredentials;
import dev.slipway.awshttp.AwsHttp;
import dev.slipway.awshttp.CredentialSource;
import dev.slipway.awshttp.HttpFake;
import dev.slipway.model.TerminalStepException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperatorTargetTest {
  @TempDir Path dir;

  @Test
  void aMissingEnvFileMeansSlipwayUpIsNotRunning() {
    Path file = dir.resolve("local.env");
    assertThatThrownBy(() -> OperatorTarget.local(file))
        .isInstanceOfSatisfying(
            TerminalStepException.class,
            e -> assertThat(e.errorName()).isEqualTo(OperateErrors.LOCAL_NOT_RUNNING))
        .hasMessageContaining("no such file")
        .hasMessageContaining("./slipway up");
  }

  @Test
  void anEnvFileOfAnEarlierRunIsRefusedByName() throws Exception {
    int port;
    try (var s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path file = dir.resolve("local.env");
    Files.writeString(
        file,
        "# written by slipway up\nSLIPWAY_SFN_ENDPOINT=http://127.0.0.1:" + port + "\n",
        StandardCharsets.UTF_8);
    assertThatThrownBy(() -> OperatorTarget.local(file))
        .isInstanceOfSatisfying(
            TerminalStepException.class,
            e -> assertThat(e.errorName()).isEqualTo(OperateErrors.LOCAL_NOT_RUNNING))
        .hasMessageContaining("nothing answers at http://127.0.0.1:" + port);
  }

  @Test
  void anEnvFileWithoutTheStateMachineNamesTheVariable() throws Exception {
    try (var s = new ServerSocket(0)) {
      Path file = dir.resolve("local.env");
      Files.writeString(file, "SLIPWAY_SFN_ENDPOINT=http://127.0.0.1:" + s.getLocalPort() + "\n");
      assertThatThrownBy(() -> OperatorTarget.local(file))
          .isInstanceOfSatisfying(
              TerminalStepException.class,
              e -> assertThat(e.errorName()).isEqualTo(OperateErrors.LOCAL_NOT_RUNNING))
          .hasMessageContaining("no AWS_REGION");
    }
  }

  @Test
  void stackOutputsAreReadFromDescribeStacks() throws Exception {
    try (var cfn = new HttpFake()) {
      cfn.then(
          200,
          Map.of("Content-Type", "text/xml"),
          """
          <DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
            <DescribeStacksResult><Stacks><member>
              <StackName>slipway</StackName>
              <Outputs>
                <member><OutputKey>StateMachineArn</OutputKey>
                  <OutputValue>arn:aws:states:eu-west-1:1:stateMachine:release</OutputValue>
                  <Description>The release state machine</Description></member>
                <member><OutputKey>BucketName</OutputKey><OutputValue>slipway-bucket</OutputValue>
                </member>
              </Outputs>
            </member></Stacks></DescribeStacksResult>
          </DescribeStacksResponse>
          """);
      Map<String, String> outputs = stackOutputs(cfn).outputs("slipway");
      assertThat(outputs)
          .containsEntry("StateMachineArn", "arn:aws:states:eu-west-1:1:stateMachine:release")
          .containsEntry("BucketName", "slipway-bucket")
          .hasSize(2);
      HttpFake.Request r = cfn.only();
      assertThat(r.body()).contains("Action=DescribeStacks").contains("StackName=slipway");
      assertThat(r.header("Authorization")).startsWith("AWS4-HMAC-SHA256 ");
    }
  }

  @Test
  void anUnknownStackIsStackNotFound() throws Exception {
    try (var cfn = new HttpFake()) {
      cfn.then(
          400,
          Map.of("Content-Type", "text/xml"),
          """
          <ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
            <Error><Type>Sender</Type><Code>ValidationError</Code>
              <Message>Stack with id nope does not exist</Message></Error>
          </ErrorResponse>
          """);
      assertThatThrownBy(() -> stackOutputs(cfn).outputs("nope"))
          .isInstanceOfSatisfying(
              TerminalStepException.class,
              e -> assertThat(e.errorName()).isEqualTo(OperateErrors.STACK_NOT_FOUND))
          .hasMessageContaining("'nope'")
          .hasMessageContaining("eu-west-1");
    }
  }

  @Test
  void accessDeniedNamesTheOperatorPolicy() throws Exception {
    try (var cfn = new HttpFake()) {
      cfn.then(
          403,
          Map.of(),
          "<ErrorResponse><Error><Code>AccessDenied</Code><Message>not authorized to perform"
              + " cloudformation:DescribeStacks</Message></Error></ErrorResponse>");
      assertThatThrownBy(() -> stackOutputs(cfn).outputs("slipway"))
          .isInstanceOfSatisfying(
              TerminalStepException.class,
              e -> assertThat(e.errorName()).isEqualTo(OperateErrors.AWS_CALL_FAILED))
          .hasMessageContaining("DescribeStacks")
          .hasMessageContaining("OperatorPolicy");
    }
  }

  @Test
  void outputPrintsJsonOrText() {
    var bytes = new ByteArrayOutputStream();
    var json = new Output(true, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    json.progress("not in JSON");
    json.result(Output.object().put("a", 1), out -> out.println("text"));
    assertThat(bytes.toString(StandardCharsets.UTF_8)).doesNotContain("not in JSON", "text");
    assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("\"a\" : 1");

    bytes.reset();
    var text = new Output(false, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    text.result(Output.object().put("a", 1), out -> out.println("text"));
    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("text" + System.lineSeparator());
  }

  @Test
  void tablesPadColumnsAndDurationsReadShort() {
    assertThat(Output.table(List.of("A", "BB"), List.of(List.of("long", ""), List.of("x", "y"))))
        .containsExactly("A     BB", "long  -", "x     y");
    assertThat(Output.duration(Duration.ofSeconds(245))).isEqualTo("4m05s");
    assertThat(Output.duration(Duration.ofSeconds(12))).isEqualTo("12s");
    assertThat(Output.duration(Duration.ofMinutes(62))).isEqualTo("1h02m");
  }

  private static StackOutputs stackOutputs(HttpFake cfn) {
    return new StackOutputs(
        new AwsHttp(
            CredentialSource.fixed(AwsCredentials.of("AKIDEXAMPLE", "secret")), "eu-west-1"),
        Optional.of(cfn.uri()));
  }
}
