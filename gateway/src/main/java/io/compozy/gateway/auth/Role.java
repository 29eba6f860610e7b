package io.compozy.gateway.auth;

import java.util.Locale;

/** The overview's roles, each including the ones before it. */
public enum Role {
  READ,
  WRITE,
  ADMIN;

  public boolean covers(Role needed) {
    return ordinal() >= needed.ordinal();
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role fromWire(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }

  public String authority() {
    return "ROLE_" + name();
  }
}
