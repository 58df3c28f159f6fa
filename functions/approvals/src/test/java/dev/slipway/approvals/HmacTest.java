package dev.slipway.approvals;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HmacTest {

  @Test
  void hmac_shouldVerifyGitHubsExample_andRejectAnythingElse() {
    // GitHub's documented test vector: secret "It's a Secret to Everybody", payload "Hello, World!"
    byte[] body = "Hello, World!".getBytes(StandardCharsets.UTF_8);
    String sig = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    assertThat(Hmac.verify(sig, "It's a Secret to Everybody", body)).isTrue();
    assertThat(Hmac.verify(sig.toUpperCase(), "It's a Secret to Everybody", body)).isTrue();
    assertThat(Hmac.verify(sig, "It's a Secret to Everybody!", body)).isFalse();
    assertThat(Hmac.verify(sig.substring(0, 20), "It's a Secret to Everybody", body)).isFalse();
    assertThat(Hmac.verify("sha1=" + sig.substring(7), "It's a Secret to Everybody", body))
        .isFalse();
    assertThat(Hmac.verify("sha256=zz", "It's a Secret to Everybody", body)).isFalse();
    assertThat(Hmac.verify(sig, "", body)).isFalse();
    assertThat(Hmac.sameToken("abc", "abc")).isTrue();
    assertThat(Hmac.sameToken("abd", "abc")).isFalse();
    assertThat(Hmac.sameToken("abc", "")).isFalse();
  }
}
