package dev.slipway.local.executor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Runs Amazon States Language state machines in-process, as AWS Step Functions does, with Lambda
 * tasks bound to in-process Java handlers.
 *
 * <pre>{@code
 * Execution e = LocalExecutor.builder()
 *     .function("deploy", new DeployHandler(fakeCluster))
 *     .build()
 *     .run(definitionJson, "{\"app\":\"shop\"}");
 * assertEquals(ExecutionStatus.SUCCEEDED, e.status());
 * }</pre>
 */
public final class LocalExecutor {
  final FunctionBindings functions;
  final MockConfig mocks;
  final Map<String, String> substitutions;
  final String stateMachineName;
  final String region;
  final String accountId;
  final String roleArn;
  final Clock clock;
  final boolean realTime;
  final RandomGenerator random;
  final Duration callbackGrace;
  final Consumer<String> log;
  final TaskTokens tokens;
  final HistoryListener listener;
  final WaitPacer waitPacer;
  final List<ExecutionStatusListener> statusListeners = new CopyOnWriteArrayList<>();
  private volatile ExecutorService pool;

  private LocalExecutor(Builder b) {
    this.functions = b.functions;
    this.substitutions = Map.copyOf(b.substitutions);
    this.stateMachineName = b.stateMachineName;
    this.region = b.region;
    this.accountId = b.accountId;
    this.roleArn =
        b.roleArn != null
            ? b.roleArn
            : "arn:aws:iam::" + b.accountId + ":role/" + b.stateMachineName + "-role";
    this.clock = b.clock;
    this.realTime = b.realTime;
    this.random = b.random;
    this.callbackGrace = b.callbackGrace;
    this.log = b.log;
    this.tokens = b.tokens;
    this.listener = b.listener;
    this.waitPacer = b.waitPacer;
    this.statusListeners.addAll(b.statusListeners);
    this.mocks =
        b.mockJson == null ? null : MockConfig.parse(b.mockJson, b.mockStateMachine, b.testCase);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Registers a listener on this executor's local event bus: it hears every execution that ends
   * from now on (see {@link ExecutionStatusListener}).
   */
  public void subscribe(ExecutionStatusListener l) {
    statusListeners.add(l);
  }

  /** Removes a listener {@link #subscribe} registered. */
  public void unsubscribe(ExecutionStatusListener l) {
    statusListeners.remove(l);
  }

  /** The task-token API for this executor's {@code .waitForTaskToken} tasks. */
  public TaskTokens taskTokens() {
    return tokens;
  }

  ExecutorService pool() {
    ExecutorService p = pool;
    if (p == null) {
      synchronized (this) {
        if (pool == null) {
          AtomicInteger n = new AtomicInteger();
          pool =
              Executors.newCachedThreadPool(
                  r -> {
                    Thread t = new Thread(r, "slipway-executor-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                  });
        }
        p = pool;
      }
    }
    return p;
  }

  /**
   * Applies {@code ${Key}} substitutions, parses and validates a definition as CreateStateMachine
   * would.
   *
   * @throws InvalidDefinitionException listing every problem
   */
  public JsonNode load(String definitionJson) {
    String text = definitionJson;
    for (Map.Entry<String, String> s : substitutions.entrySet()) {
      text = text.replace("${" + s.getKey() + "}", s.getValue());
    }
    JsonNode def;
    try {
      def = JsonSupport.parse(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidDefinitionException(List.of("the definition is " + e.getMessage()));
    }
    List<String> problems = Validator.validate(def);
    if (!problems.isEmpty()) {
      throw new InvalidDefinitionException(problems);
    }
    return def;
  }

  /** Validates a definition (no substitutions); returns the problems, empty when valid. */
  public static List<String> validate(String definitionJson) {
    try {
      return Validator.validate(JsonSupport.parse(definitionJson));
    } catch (IllegalArgumentException e) {
      return List.of("the definition is " + e.getMessage());
    }
  }

  /** Starts an execution and waits until it ends or waits for a task token. */
  public Execution start(String definitionJson, String inputJson) {
    return start(definitionJson, inputJson, UUID.randomUUID().toString());
  }

  /** As {@link #start(String, String)} with an execution name. */
  public Execution start(String definitionJson, String inputJson, String executionName) {
    return begin(definitionJson, inputJson, executionName).awaitSettled();
  }

  /**
   * Starts an execution and returns at once, while it runs, as Step Functions' StartExecution
   * answers.
   */
  public Execution begin(String definitionJson, String inputJson, String executionName) {
    JsonNode def = load(definitionJson);
    JsonNode input;
    try {
      input = JsonSupport.parse(inputJson == null || inputJson.isBlank() ? "{}" : inputJson);
    } catch (IllegalArgumentException e) {
      throw new dev.slipway.model.TerminalStepException(
          "Slipway.Executor.InvalidInput",
          "the execution input is " + e.getMessage() + ": give JSON text");
    }
    // Virtual time: each execution lives on its own timeline from the clock's now, so a Wait in one
    // execution never moves another's time (nor does the clock moving on between starts).
    Clock base = realTime ? clock : Clock.fixed(clock.instant(), java.time.ZoneOffset.UTC);
    Timeline time = new Timeline(base, realTime, Duration.ZERO);
    Instant start = time.now().truncatedTo(ChronoUnit.MILLIS);
    String smArn = stateMachineArn();
    String execArn =
        "arn:aws:states:"
            + region
            + ":"
            + accountId
            + ":execution:"
            + stateMachineName
            + ":"
            + executionName;
    ObjectNode ctx = JsonSupport.object();
    ObjectNode ex = ctx.putObject("Execution");
    ex.put("Id", execArn);
    ex.set("Input", input);
    ex.put("StartTime", JsonSupport.timestamp(start));
    ex.put("Name", executionName);
    ex.put("RoleArn", roleArn);
    ex.put("RedriveCount", 0);
    ObjectNode sm = ctx.putObject("StateMachine");
    sm.put("Id", smArn);
    sm.put("Name", stateMachineName);
    Execution execution = new Execution(executionName, execArn, start);
    Interpreter interpreter = new Interpreter(this, execution, def, ctx, time);
    pool().submit(() -> interpreter.run(input));
    return execution;
  }

  /** The ARN of the state machine this executor runs: {@code arn:aws:states:<region>:...}. */
  public String stateMachineArn() {
    return "arn:aws:states:" + region + ":" + accountId + ":stateMachine:" + stateMachineName;
  }

  /** Starts an execution and waits for it to end. */
  public Execution run(String definitionJson, String inputJson) {
    return start(definitionJson, inputJson).await(Duration.ofDays(365));
  }

  /** Builds a {@link LocalExecutor}. */
  public static final class Builder {
    private final FunctionBindings functions = new FunctionBindings();
    private final Map<String, String> substitutions = new LinkedHashMap<>();
    private String stateMachineName = "LocalStateMachine";
    private String region = "us-east-1";
    private String accountId = "123456789012";
    private String roleArn;
    private Clock clock = Clock.systemUTC();
    private boolean realTime;
    private RandomGenerator random = new SecureRandom();
    private Duration callbackGrace = Duration.ofSeconds(2);
    private Consumer<String> log = System.err::println;
    private TaskTokens tokens = new TaskTokens();
    private HistoryListener listener = HistoryListener.NONE;
    private final List<ExecutionStatusListener> statusListeners = new ArrayList<>();
    private WaitPacer waitPacer;
    private ClassLoader classLoader = LocalExecutor.class.getClassLoader();
    private String mockJson;
    private String mockStateMachine;
    private String testCase;

    private Builder() {}

    /**
     * Binds a function name (or ARN, {@code ${Placeholder}} name, or a full integration resource
     * ARN) to a handler instance ({@code RequestHandler} or {@code RequestStreamHandler}).
     */
    public Builder function(String name, Object handler) {
      LambdaRuntime.checkHandler(handler.getClass());
      functions.bind(name, () -> handler);
      return this;
    }

    /**
     * Binds a function to a handler class, constructed on first use with its no-arg constructor.
     */
    public Builder function(String name, Class<?> handlerClass) {
      functions.bind(name, () -> LambdaRuntime.instantiate(handlerClass));
      return this;
    }

    /** Binds a function to a handler class name, loaded from {@link #classLoader(ClassLoader)}. */
    public Builder functionClass(String name, String handlerClassName) {
      ClassLoader cl = classLoader;
      functions.bind(name, () -> LambdaRuntime.instantiate(handlerClassName, cl));
      return this;
    }

    public Builder classLoader(ClassLoader loader) {
      this.classLoader = loader;
      return this;
    }

    /** Step Functions Local's mock config (JSON text) and the test case to use. */
    public Builder mockConfig(String mockConfigJson, String testCaseName) {
      this.mockJson = mockConfigJson;
      this.testCase = testCaseName;
      return this;
    }

    /** Which state machine of the mock config the test case belongs to (when ambiguous). */
    public Builder mockStateMachine(String name) {
      this.mockStateMachine = name;
      return this;
    }

    /** {@code ${key}} in the definition becomes {@code value}, as CDK's definitionSubstitutions. */
    public Builder substitution(String key, String value) {
      substitutions.put(key, value);
      return this;
    }

    public Builder stateMachineName(String name) {
      this.stateMachineName = name;
      if (mockStateMachine == null) {
        this.mockStateMachine = null;
      }
      return this;
    }

    public Builder region(String r) {
      this.region = r;
      return this;
    }

    public Builder accountId(String id) {
      this.accountId = id;
      return this;
    }

    public Builder roleArn(String arn) {
      this.roleArn = arn;
      return this;
    }

    /**
     * The clock executions start from (default: system UTC). In virtual time each execution starts
     * at this clock's now and then lives on its own timeline; handlers that must read the time of
     * the execution invoking them read an {@link ExecutionClock}.
     */
    public Builder clock(Clock c) {
      this.clock = c;
      return this;
    }

    /** Real time: Wait states and retry back-off really wait (default: virtual, no waiting). */
    public Builder realTime(boolean real) {
      this.realTime = real;
      return this;
    }

    /** The random generator for jitter, States.UUID, States.MathRandom and task tokens. */
    public Builder random(RandomGenerator r) {
      this.random = r;
      return this;
    }

    /**
     * Virtual time only: how long (real time) a callback task waits without any response or
     * heartbeat before virtual time jumps to its timeout (default 2 s).
     */
    public Builder callbackGrace(Duration d) {
      this.callbackGrace = d;
      return this;
    }

    /** Where handlers' {@code context.getLogger()} lines go (default: stderr). */
    public Builder log(Consumer<String> sink) {
      this.log = sink;
      return this;
    }

    /** Shares a task-token API (create it first to hand it to handlers). */
    public Builder taskTokens(TaskTokens t) {
      this.tokens = t;
      return this;
    }

    /** Hears every history event of every execution as it is recorded (default: none). */
    public Builder listener(HistoryListener l) {
      this.listener = l;
      return this;
    }

    /**
     * Hears each execution's terminal status change, shaped as Step Functions' EventBridge event
     * (may be given several times; see {@link ExecutionStatusListener}).
     */
    public Builder statusListener(ExecutionStatusListener l) {
      statusListeners.add(l);
      return this;
    }

    /**
     * Holds virtual Wait states back until another execution has caught up (default: none, every
     * virtual Wait passes at once; see {@link WaitPacer}).
     */
    public Builder waitPacer(WaitPacer p) {
      this.waitPacer = p;
      return this;
    }

    public LocalExecutor build() {
      if (mockJson != null
          && mockStateMachine == null
          && !"LocalStateMachine".equals(stateMachineName)) {
        mockStateMachine = stateMachineName;
      }
      return new LocalExecutor(this);
    }
  }
}
