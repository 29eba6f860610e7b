package io.compozy.contracts.condition;

/**
 * A CEL condition that does not compile or fails to evaluate; the message quotes the expression.
 */
public final class ConditionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConditionException(String message) {
    super(message);
  }
}
