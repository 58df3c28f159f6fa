package dev.slipway.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class SlipwayHelpTest {
  @Test
  void helpListsTheCommandsByGroup() {
    var out = new StringWriter();
    var cli = SlipwayCli.commandLine();
    cli.setOut(new PrintWriter(out));
    assertThat(cli.execute("--help")).isZero();
    String help = out.toString();
    int local = help.indexOf("Release locally:");
    int operate = help.indexOf("Operate a deployment");
    int tools = help.indexOf("Functions and tools:");
    assertThat(local).isPositive();
    assertThat(operate).isGreaterThan(local);
    assertThat(tools).isGreaterThan(operate);
    assertThat(help.substring(operate, tools))
        .contains("  releases ", "  status ", "  stop ", "  approve ", "  reject ");
    assertThat(help.substring(local, tools)).contains("  run ", "  up ");
    assertThat(help.substring(tools)).contains("  invoke ", "  judge ", "  config ");
    // hidden commands stay hidden
    assertThat(help).doesNotContain("bench-executor");
  }

  @Test
  void everyGroupedCommandIsReachable_howeverTheCommandLineIsBuilt() {
    var cli = new picocli.CommandLine(new SlipwayCli());
    for (CommandGroups.Group g : CommandGroups.ALL) {
      for (Class<?> c : g.commands()) {
        String name = c.getAnnotation(picocli.CommandLine.Command.class).name();
        assertThat(cli.getSubcommands()).containsKey(name);
      }
    }
  }
}
