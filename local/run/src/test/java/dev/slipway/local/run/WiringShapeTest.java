package dev.slipway.local.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.lambda.JsonStreamHandler;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One wiring shape for every function of {@code slipway-functions.properties} (issue #17), checked
 * by reflection so that a new function or a drifting one fails here rather than in review:
 *
 * <ul>
 *   <li>the handler extends {@link JsonStreamHandler} or the webhook's API Gateway proxy base;
 *   <li>its public constructors are exactly {@code XHandler()} (Lambda) and {@code
 *       XHandler(XxxWiring)} (local/ and other modules), and it has a package-private {@code
 *       XHandler(XService)} taking what one of the wiring's getters returns (unit tests);
 *   <li>the wiring is a public final class named {@code <Something>Wiring} whose public static
 *       methods are exactly {@code fromEnvironment(Map<String, String>, Clock)} and a synchronized
 *       {@code instance()}, both returning the wiring, with a public constructor (for stand-ins)
 *       and public getters;
 *   <li>the handlers of one package share one wiring.
 * </ul>
 */
class WiringShapeTest {
  /** The API Gateway proxy base of the webhook functions (package-private there). */
  private static final String PROXY_BASE = "dev.slipway.webhook.ProxyHandler";

  /** Function name → handler class, as {@code slipway-functions.properties} lists them. */
  static Map<String, String> functions() throws IOException {
    return HostileInputTest.functions();
  }

  static Stream<String> functionNames() throws IOException {
    return functions().keySet().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("functionNames")
  void handler_shouldHaveTheAgreedShape(String function) throws Exception {
    List<String> problems = problems(Class.forName(functions().get(function)));
    assertThat(problems).as("function %s", function).isEmpty();
  }

  @Test
  void handlersOfOnePackage_shouldShareOneWiring() throws Exception {
    Map<String, Set<String>> wiringsByPackage = new TreeMap<>();
    for (Map.Entry<String, String> f : functions().entrySet()) {
      Class<?> handler = Class.forName(f.getValue());
      wiringsByPackage
          .computeIfAbsent(handler.getPackageName(), p -> new TreeSet<>())
          .addAll(wiringParameters(handler).stream().map(Class::getName).toList());
    }
    assertThat(wiringsByPackage).isNotEmpty();
    wiringsByPackage.forEach(
        (pkg, wirings) -> assertThat(wirings).as("the wirings of %s", pkg).hasSize(1));
  }

  @Test
  void problems_shouldNameEachDeparture_ofAHandlerOutsideTheShape() {
    // the check itself, on a handler shaped as the functions were before #17
    assertThat(problems(OldShape.class))
        .anySatisfy(p -> assertThat(p).contains("JsonStreamHandler"))
        .anySatisfy(p -> assertThat(p).contains("public constructor"))
        .anySatisfy(p -> assertThat(p).contains("Wiring"));
    assertThat(wiringProblems(OldModule.class))
        .anySatisfy(p -> assertThat(p).contains("fromEnvironment(Map<String, String>, Clock)"))
        .anySatisfy(p -> assertThat(p).contains("instance()"))
        .anySatisfy(p -> assertThat(p).contains("service"));
  }

  /** What keeps {@code handler} from the shape; empty when it has it. */
  static List<String> problems(Class<?> handler) {
    List<String> problems = new ArrayList<>();
    if (!JsonStreamHandler.class.isAssignableFrom(handler)
        && !PROXY_BASE.equals(handler.getSuperclass().getName())) {
      problems.add("extends neither JsonStreamHandler nor " + PROXY_BASE);
    }
    boolean lambda = false;
    List<Class<?>> wirings = wiringParameters(handler);
    for (Constructor<?> c : handler.getDeclaredConstructors()) {
      if (!Modifier.isPublic(c.getModifiers())) {
        continue;
      }
      if (c.getParameterCount() == 0) {
        lambda = true;
      } else if (c.getParameterCount() != 1 || !wirings.contains(c.getParameterTypes()[0])) {
        problems.add("a public constructor other than () and (XxxWiring): " + c);
      }
    }
    if (!lambda) {
      problems.add("no public no-argument constructor (the Lambda entry point)");
    }
    if (wirings.size() != 1) {
      problems.add("not exactly one public constructor taking an XxxWiring: " + wirings);
      return problems;
    }
    Class<?> wiring = wirings.get(0);
    problems.addAll(wiringProblems(wiring));
    Set<Class<?>> services =
        Arrays.stream(wiring.getDeclaredMethods())
            .filter(m -> Modifier.isPublic(m.getModifiers()))
            .filter(m -> !Modifier.isStatic(m.getModifiers()))
            .filter(m -> m.getParameterCount() == 0)
            .map(Method::getReturnType)
            .collect(Collectors.toSet());
    boolean unitTestConstructor =
        Arrays.stream(handler.getDeclaredConstructors())
            .anyMatch(
                c ->
                    packagePrivate(c.getModifiers())
                        && c.getParameterCount() == 1
                        && services.contains(c.getParameterTypes()[0]));
    if (!unitTestConstructor) {
      problems.add(
          "no package-private constructor taking a service of "
              + wiring.getSimpleName()
              + "'s getters "
              + services);
    }
    return problems;
  }

  /** What keeps {@code wiring} from the shape; empty when it has it. */
  static List<String> wiringProblems(Class<?> wiring) {
    List<String> problems = new ArrayList<>();
    if (!wiring.getSimpleName().endsWith("Wiring")) {
      problems.add(wiring.getName() + " is not named XxxWiring");
    }
    if (!Modifier.isPublic(wiring.getModifiers()) || !Modifier.isFinal(wiring.getModifiers())) {
      problems.add(wiring.getName() + " is not a public final class");
    }
    Method fromEnvironment = publicStatic(wiring, "fromEnvironment", Map.class, Clock.class);
    if (fromEnvironment == null
        || fromEnvironment.getReturnType() != wiring
        || !isStringMap(fromEnvironment.getGenericParameterTypes()[0])) {
      problems.add(
          wiring.getSimpleName()
              + " has no public static fromEnvironment(Map<String, String>, Clock)");
    }
    Method instance = publicStatic(wiring, "instance");
    if (instance == null
        || instance.getReturnType() != wiring
        || !Modifier.isSynchronized(instance.getModifiers())) {
      problems.add(wiring.getSimpleName() + " has no public static synchronized instance()");
    }
    for (Method m : wiring.getDeclaredMethods()) {
      if (Modifier.isPublic(m.getModifiers())
          && Modifier.isStatic(m.getModifiers())
          && !m.equals(fromEnvironment)
          && !m.equals(instance)) {
        problems.add(
            wiring.getSimpleName()
                + " has another static factory, "
                + m.getName()
                + ": one way in, fromEnvironment or the constructor");
      }
    }
    if (Arrays.stream(wiring.getConstructors()).findAny().isEmpty()) {
      problems.add(wiring.getSimpleName() + " has no public constructor (for stand-ins)");
    }
    return problems;
  }

  /** The parameter types of {@code handler}'s public one-argument constructors named XxxWiring. */
  private static List<Class<?>> wiringParameters(Class<?> handler) {
    return Arrays.stream(handler.getConstructors())
        .filter(c -> c.getParameterCount() == 1)
        .<Class<?>>map(c -> c.getParameterTypes()[0])
        .filter(t -> t.getSimpleName().endsWith("Wiring"))
        .distinct()
        .toList();
  }

  private static Method publicStatic(Class<?> type, String name, Class<?>... parameters) {
    try {
      Method m = type.getDeclaredMethod(name, parameters);
      return Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers()) ? m : null;
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  private static boolean isStringMap(Type type) {
    return type instanceof ParameterizedType p
        && p.getActualTypeArguments()[0] == String.class
        && p.getActualTypeArguments()[1] == String.class;
  }

  private static boolean packagePrivate(int modifiers) {
    return !Modifier.isPublic(modifiers)
        && !Modifier.isProtected(modifiers)
        && !Modifier.isPrivate(modifiers);
  }

  /** A handler as the deploy functions' were before #17: a module, a public service constructor. */
  static final class OldShape {
    public OldShape() {}

    public OldShape(OldModule module) {}

    public OldShape(Runnable service) {}
  }

  /** A wiring as {@code DeployModule} was: a no-argument fromEnvironment, a static service. */
  static final class OldModule {
    static OldModule instance() {
      return new OldModule();
    }

    public static OldModule fromEnvironment(Map<String, String> env) {
      return new OldModule();
    }

    public static Runnable service(Map<String, String> env, Clock clock) {
      return () -> {};
    }
  }
}
