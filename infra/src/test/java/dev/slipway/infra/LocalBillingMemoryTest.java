package dev.slipway.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code slipway run} prices a release with the memory sizes of this catalogue, from a copy in
 * {@code local/run}'s {@code Billing} (local/run cannot depend on CDK). This keeps the two equal.
 */
class LocalBillingMemoryTest {
  private static final Path BILLING =
      Path.of("../local/run/src/main/java/dev/slipway/local/run/Billing.java");

  @Test
  void billing_shouldPriceEveryFunctionAtTheMemoryTheStackGivesIt() throws Exception {
    Map<String, Integer> billed = new HashMap<>();
    Matcher m =
        Pattern.compile("Map\\.entry\\(\"([a-z-]+)\", (\\d+)\\)")
            .matcher(Files.readString(BILLING));
    while (m.find()) {
      billed.put(m.group(1), Integer.parseInt(m.group(2)));
    }
    assertThat(billed).isNotEmpty();
    for (SlipwayFunction f : SlipwayFunction.values()) {
      String name = f.id().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
      Integer mb = billed.getOrDefault(name, billed.get(name.replace("-", "")));
      assertThat(mb).as("Billing.MEMORY_MB entry for " + f.id()).isEqualTo(f.memoryMb());
    }
  }
}
