package dev.slipway.annotate;

import dev.slipway.awshttp.SecretSource;
import dev.slipway.config.ConfigErrors;
import dev.slipway.config.ConfigLoader;
import dev.slipway.config.Grafana;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.model.SlipwayException;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * The Grafana to annotate: config/slipway.yaml's {@code grafana} block, each absent key (or the
 * whole block, or the whole file) falling back to the function's environment, the stack's defaults
 * ({@link AnnotateConfig}). Read at every annotation through the {@link ConfigLoader} (cached 30 s
 * per container), so a changed block is live for the next release.
 */
public final class ConfiguredGrafana implements GrafanaTarget.Source {
  private final AnnotateConfig defaults;
  private final Optional<ConfigLoader> config;
  private final SecretSource secrets;
  private Client client;

  /**
   * @param defaults the environment's settings, for every key the configuration leaves out
   * @param config config/slipway.yaml in the artifact store; empty when the function has no bucket
   * @param secrets where the token secret is read (at the first annotation, never logged)
   */
  public ConfiguredGrafana(
      AnnotateConfig defaults, Optional<ConfigLoader> config, SecretSource secrets) {
    this.defaults = defaults;
    this.config = config;
    this.secrets = secrets;
  }

  @Override
  public Optional<GrafanaTarget> current() {
    Grafana block = config.map(ConfiguredGrafana::grafanaBlock).orElse(null);
    if (block == null) {
      block = new Grafana(null, null, null, null, null, null);
    }
    Optional<URI> url = Optional.ofNullable(block.url()).or(defaults::grafanaUrl);
    if (url.isEmpty()) {
      return Optional.empty();
    }
    String tokenSecret = or(block.tokenSecret(), defaults.tokenSecretId().orElse(null));
    return Optional.of(
        new GrafanaTarget(
            client(url.get(), tokenSecret),
            or(block.dashboardUid(), defaults.dashboardUid()),
            or(block.panelId(), defaults.panelId()),
            AnnotationStyle.of(block.tags()),
            Boolean.TRUE.equals(block.perCluster())));
  }

  /** The block, or null when there is none or no file at all (a bucket without config). */
  private static Grafana grafanaBlock(ConfigLoader loader) {
    SlipwayConfig config;
    try {
      config = loader.current();
    } catch (SlipwayException e) {
      if (ConfigErrors.MISSING.equals(e.errorName())) {
        return null;
      }
      throw e;
    }
    return config.grafana();
  }

  /** One HTTP client per URL and token secret, kept while they stay the same. */
  private synchronized GrafanaClient client(URI url, String tokenSecret) {
    if (client == null
        || !client.url.equals(url)
        || !Objects.equals(client.tokenSecret, tokenSecret)) {
      client =
          new Client(
              url,
              tokenSecret,
              new HttpGrafanaClient(
                  url,
                  () -> tokenSecret == null ? null : secrets.secretString(tokenSecret),
                  defaults.timeout()));
    }
    return client.http;
  }

  private static <T> T or(T value, T fallback) {
    return value != null ? value : fallback;
  }

  private record Client(URI url, String tokenSecret, GrafanaClient http) {}
}
