package io.compozy.support.settings;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A refused setting stops the start with its one-line reason, not a stack trace. */
public final class SettingRefusedFailureAnalyzer
    extends AbstractFailureAnalyzer<SettingRefusedException> {
  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, SettingRefusedException cause) {
    return new FailureAnalysis(
        cause.getMessage(),
        "Correct the setting (or its COMPOZY_* environment variable) and start again.",
        cause);
  }
}
