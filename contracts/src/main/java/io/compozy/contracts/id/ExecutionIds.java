package io.compozy.contracts.id;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;

/** Execution ids: {@code exec_} followed by a UUIDv7, so they sort by creation time. */
public final class ExecutionIds {
  public static final String PREFIX = "exec_";
  private static final TimeBasedEpochGenerator UUID_V7 = Generators.timeBasedEpochGenerator();

  private ExecutionIds() {}

  public static String next() {
    return PREFIX + UUID_V7.generate();
  }

  public static String next(String prefix) {
    return prefix + UUID_V7.generate();
  }

  public static boolean isExecutionId(String value) {
    return value.startsWith(PREFIX) && value.length() == PREFIX.length() + 36;
  }
}
