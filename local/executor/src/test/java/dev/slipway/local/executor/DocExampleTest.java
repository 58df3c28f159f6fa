package dev.slipway.local.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The JUnit example in docs/local-executor.md is {@code
 * com.example.release.ReleaseStateMachineTest} as the build compiles and runs it, character for
 * character.
 */
class DocExampleTest {
  private static final Path DOC = Path.of("../../docs/local-executor.md");
  private static final Path EXAMPLE =
      Path.of("src/test/java/com/example/release/ReleaseStateMachineTest.java");

  @Test
  @DisplayName("docs/local-executor.md shows ReleaseStateMachineTest.java as it is")
  void docExample_shouldBeTheCompiledTest() throws Exception {
    Matcher java =
        Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(DOC));

    assertThat(java.find()).as("a ```java block in " + DOC).isTrue();
    assertThat(java.group(1))
        .as("the java block of " + DOC + " (copy " + EXAMPLE + " into it)")
        .isEqualTo(Files.readString(EXAMPLE));
  }
}
