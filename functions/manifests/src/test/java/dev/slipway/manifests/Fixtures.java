package dev.slipway.manifests;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.slipway.model.Json;
import dev.slipway.store.ArtifactStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The committed fixtures in {@code events/manifests/}, loaded the way a build uploads them. */
final class Fixtures {
  private Fixtures() {}

  static Path events(String relative) {
    try {
      var url = Fixtures.class.getClassLoader().getResource("events/" + relative);
      if (url == null) {
        throw new IllegalStateException("no fixture events/" + relative);
      }
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static ManifestRequest release() {
    try {
      return Json.mapper()
          .readValue(events("manifests/release.json").toFile(), ManifestRequest.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code release} with other app settings. */
  static ManifestRequest withSettings(
      ManifestRequest release, ManifestRequest.AppSettings settings) {
    return new ManifestRequest(
        release.app(),
        release.gitRepo(),
        release.gitBranch(),
        release.buildNum(),
        release.commit(),
        release.ticket(),
        release.component(),
        release.images(),
        release.environment(),
        release.clusters(),
        release.executionArn(),
        null,
        settings,
        null);
  }

  /** Uploads {@code events/manifests/templates/<app>/**} to {@code templates/<app>/}. */
  static void uploadTemplates(ArtifactStore store, String app) {
    Path root = events("manifests/templates/" + app);
    try (Stream<Path> files = Files.walk(root)) {
      files
          .filter(Files::isRegularFile)
          .forEach(
              file -> {
                String key =
                    "templates/" + app + "/" + root.relativize(file).toString().replace('\\', '/');
                try {
                  store.put(key, Files.readAllBytes(file), "application/yaml");
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void put(ArtifactStore store, String key, String text) {
    store.put(key, text.getBytes(UTF_8), "application/yaml");
  }
}
