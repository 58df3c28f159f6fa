package dev.slipway.local.executor;

import dev.slipway.model.TerminalStepException;
import java.util.List;

/**
 * The definition is not valid Amazon States Language (as CreateStateMachine would reject it). The
 * message is one line per problem, each naming the state and the field.
 */
public final class InvalidDefinitionException extends TerminalStepException {
  private static final long serialVersionUID = 1L;
  public static final String NAME = "Slipway.Executor.InvalidDefinition";
  private final List<String> problems;

  public InvalidDefinitionException(List<String> problems) {
    super(
        NAME,
        "the state machine definition is invalid: "
            + String.join("; ", problems)
            + " (fix the definition; AWS would reject it too)");
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
