package dev.slipway.local.cli;

import dev.slipway.local.executor.bench.ExecutorBench;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code slipway bench-executor} (hidden): the executor's transitions-per-second benchmark. */
@Command(name = "bench-executor", hidden = true, description = "Benchmark the local executor.")
final class BenchExecutorCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    ExecutorBench.run(System.out);
    return 0;
  }
}
