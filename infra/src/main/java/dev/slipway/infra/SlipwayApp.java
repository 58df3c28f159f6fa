package dev.slipway.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.EnumMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;

/**
 * The CDK app ({@code cdk.json}: {@code mvn -e -q compile exec:java}). Run from {@code infra/}
 * after {@code mvn -B package -DskipTests} has built the function jars.
 *
 * <p>Context keys ({@code -c key=value}):
 *
 * <ul>
 *   <li>{@code slipway:config}: the infra config JSON (clusters, URLs, VPC, ...); without it the
 *       stack deploys with {@link InfraConfig#defaults()}
 *   <li>{@code slipway:definition}: the ASL file, default {@code ../statemachines/release.asl.json}
 *   <li>{@code slipway:stackName}: default {@code Slipway}
 *   <li>{@code slipway:placeholderAssets=true}: stand a placeholder zip in for every function jar
 *       that is not built, for synth checks only (a deployed placeholder answers every call with
 *       ClassNotFoundException)
 * </ul>
 */
public final class SlipwayApp {
  static final String CONFIG = "slipway:config";
  static final String DEFINITION = "slipway:definition";
  static final String STACK_NAME = "slipway:stackName";
  static final String PLACEHOLDER_ASSETS = "slipway:placeholderAssets";

  private SlipwayApp() {}

  public static void main(String[] args) {
    App app = new App();
    build(app, Path.of("").toAbsolutePath());
    app.synth();
  }

  /** Builds the stack from the app's context, with cdk-nag's AWS Solutions checks applied. */
  static SlipwayStack build(App app, Path infraDir) {
    // Server access logs are delivered under a bucket policy, not the legacy log-delivery ACL
    // (set here, not in cdk.json, so tests and `cdk synth` build the same template).
    app.getNode().setContext("@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy", true);
    Path repoRoot = infraDir.getParent();
    String configFile = context(app, CONFIG, null);
    InfraConfig config =
        configFile == null
            ? InfraConfig.defaults()
            : InfraConfig.read(infraDir.resolve(configFile));
    Path configDir =
        configFile == null ? infraDir : infraDir.resolve(configFile).toAbsolutePath().getParent();
    Path definition =
        infraDir.resolve(context(app, DEFINITION, "../statemachines/release.asl.json")).normalize();
    boolean placeholders = Boolean.parseBoolean(context(app, PLACEHOLDER_ASSETS, "false"));

    Map<SlipwayFunction, Path> jars = new EnumMap<>(SlipwayFunction.class);
    for (SlipwayFunction f : SlipwayFunction.values()) {
      Path jar = repoRoot.resolve(f.jar());
      if (!Files.isRegularFile(jar)) {
        if (!placeholders) {
          throw new IllegalStateException(
              "function jar "
                  + jar
                  + " is missing: run `mvn -B package -DskipTests` in the repository root first"
                  + " (or, to check the synth only, -c "
                  + PLACEHOLDER_ASSETS
                  + "=true)");
        }
        jar = placeholderZip(infraDir.resolve("target"));
      }
      jars.put(f, jar);
    }

    SlipwayStack stack =
        new SlipwayStack(
            app,
            context(app, STACK_NAME, "Slipway"),
            StackProps.builder()
                .description("Slipway: serverless continuous delivery for Kubernetes")
                .build(),
            new SlipwayStackProps(config, definition, jars, configDir));
    Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
    return stack;
  }

  private static String context(App app, String key, String fallback) {
    Object value = app.getNode().tryGetContext(key);
    return value == null ? fallback : value.toString();
  }

  /**
   * A tiny zip, byte-identical on every run (so its asset hash is stable), that stands in for a
   * function jar that has not been built.
   */
  static Path placeholderZip(Path dir) {
    Path zip = dir.resolve("slipway-placeholder-function.zip");
    if (Files.isRegularFile(zip)) {
      return zip;
    }
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, "placeholder", ".zip");
      try (OutputStream out = Files.newOutputStream(tmp);
          ZipOutputStream z = new ZipOutputStream(out)) {
        ZipEntry entry = new ZipEntry("SLIPWAY-PLACEHOLDER.txt");
        entry.setTime(0L);
        z.putNextEntry(entry);
        z.write(
            "Placeholder for a Slipway function jar that was not built: run mvn -B package.\n"
                .getBytes(StandardCharsets.UTF_8));
        z.closeEntry();
      }
      Files.move(tmp, zip, StandardCopyOption.REPLACE_EXISTING);
      return zip;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the placeholder asset in " + dir, e);
    }
  }
}
