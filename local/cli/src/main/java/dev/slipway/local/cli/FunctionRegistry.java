package dev.slipway.local.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The functions {@code slipway} knows by name ({@code slipway-functions.properties}: {@code
 * name=fully.qualified.Handler}), and the class loader for extra handler jars ({@code
 * --classpath}).
 */
final class FunctionRegistry {
  static final String RESOURCE = "/slipway-functions.properties";

  private FunctionRegistry() {}

  /** Every built-in function name and its handler class, in file order. */
  static Map<String, String> builtIn() {
    Map<String, String> out = new LinkedHashMap<>();
    try (InputStream in = FunctionRegistry.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return out;
      }
      Properties p = new Properties();
      p.load(in);
      p.stringPropertyNames().stream().sorted().forEach(k -> out.put(k, p.getProperty(k).trim()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Reads a {@code name=class} properties file (the {@code --functions} option). */
  static Map<String, String> read(Path file) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    }
    p.stringPropertyNames().stream().sorted().forEach(k -> out.put(k, p.getProperty(k).trim()));
    return out;
  }

  /** A class loader over {@code paths} (jars or directories, separated by the path separator). */
  static ClassLoader loader(String paths) {
    ClassLoader parent = FunctionRegistry.class.getClassLoader();
    if (paths == null || paths.isBlank()) {
      return parent;
    }
    List<URL> urls = new ArrayList<>();
    for (String p : paths.split(java.io.File.pathSeparator)) {
      if (p.isBlank()) {
        continue;
      }
      Path path = Path.of(p);
      if (!Files.exists(path)) {
        throw new UncheckedIOException(new java.nio.file.NoSuchFileException(p));
      }
      try {
        urls.add(path.toUri().toURL());
      } catch (MalformedURLException e) {
        throw new IllegalArgumentException(p, e);
      }
    }
    return new URLClassLoader(urls.toArray(URL[]::new), parent);
  }

  /** Splits {@code KEY=VALUE}; the message names the option when the '=' is missing. */
  static Map.Entry<String, String> pair(String option, String text) {
    int eq = text.indexOf('=');
    if (eq <= 0) {
      throw new picocli.CommandLine.ParameterException(
          new picocli.CommandLine(new SlipwayCli()),
          option + " takes KEY=VALUE, got '" + text + "'");
    }
    return Map.entry(text.substring(0, eq), text.substring(eq + 1));
  }
}
