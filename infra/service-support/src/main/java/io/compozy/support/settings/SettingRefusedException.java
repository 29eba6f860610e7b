package io.compozy.support.settings;

/** A setting a service cannot start with; its message names the setting and what is wrong. */
public final class SettingRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SettingRefusedException(String message) {
    super(message, null, false, false);
  }
}
