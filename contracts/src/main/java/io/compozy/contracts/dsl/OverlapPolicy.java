package io.compozy.contracts.dsl;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** What a schedule does when it is due while the execution it started last still runs. */
public enum OverlapPolicy {
  /** The due run is skipped (the default). */
  SKIP,
  /** The due run starts too. */
  ALLOW,
  /** One due run waits for the running one to end; more are skipped. */
  BUFFER_ONE,
  /** The running one is canceled and the due run starts. */
  CANCEL_OTHER;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The policy a name says ({@code skip} when no name is given). */
  public static Optional<OverlapPolicy> parse(@Nullable String name) {
    if (name == null) {
      return Optional.of(SKIP);
    }
    return Arrays.stream(values()).filter(p -> p.wireName().equals(name)).findFirst();
  }

  @JsonCreator
  public static OverlapPolicy fromWire(String value) {
    return parse(value).orElseThrow(() -> WireNames.unknown(value, values()));
  }

  /** The names, for a message: {@code skip, allow, buffer_one, cancel_other}. */
  public static String names() {
    return Arrays.stream(values()).map(OverlapPolicy::wireName).collect(Collectors.joining(", "));
  }
}
