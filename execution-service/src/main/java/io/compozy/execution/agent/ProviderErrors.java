package io.compozy.execution.agent;

import com.anthropic.errors.AnthropicInvalidDataException;
import com.anthropic.errors.AnthropicIoException;
import com.anthropic.errors.AnthropicServiceException;
import com.google.genai.errors.ApiException;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import io.compozy.contracts.message.StepError;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.ai.retry.NonTransientAiException;
import org.springframework.ai.retry.TransientAiException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

/**
 * How a failed model call is reported: 429, 5xx, timeouts, broken connections and unreadable
 * answers may pass (retryable); 400, 401, 403, 404 and 422 will not (terminal), and say so.
 */
final class ProviderErrors {
  private ProviderErrors() {}

  record Classified(StepError error, boolean retryable) {}

  static Classified classify(Throwable failure, String model) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ProviderException p) {
        return new Classified(new StepError(p.type(), p.getMessage()), p.retryable());
      }
      Integer status = status(t);
      if (status != null) {
        boolean retryable = status == 408 || status == 409 || status == 429 || status >= 500;
        String type =
            status == 429
                ? "provider_rate_limited"
                : status == 401 || status == 403 ? "provider_auth_error" : "provider_error";
        return new Classified(
            new StepError(
                type, model + " answered HTTP " + status + ": " + firstLine(t.getMessage())),
            retryable);
      }
      if (t instanceof OpenAIIoException
          || t instanceof AnthropicIoException
          || t instanceof IOException
          || t instanceof TimeoutException
          || t instanceof ResourceAccessException) {
        return new Classified(
            new StepError(
                "provider_unavailable",
                model + " could not be reached: " + firstLine(t.getMessage())),
            true);
      }
      if (t instanceof OpenAIInvalidDataException
          || t instanceof AnthropicInvalidDataException
          || t instanceof com.fasterxml.jackson.core.JacksonException
          || t instanceof tools.jackson.core.JacksonException
          || t instanceof RestClientException) {
        return new Classified(
            new StepError(
                "provider_invalid_response",
                model + " sent an answer that cannot be read: " + firstLine(t.getMessage())),
            true);
      }
    }
    return new Classified(
        new StepError(
            "provider_error", model + ": " + firstLine(String.valueOf(failure.getMessage()))),
        true);
  }

  /** The HTTP status a provider client reported, whichever client it was. */
  private static Integer status(Throwable t) {
    return switch (t) {
      case OpenAIServiceException s -> s.statusCode();
      case AnthropicServiceException s -> s.statusCode();
      case ApiException s -> s.code();
      case RestClientResponseException s -> s.getStatusCode().value();
      // Spring AI's own HTTP clients (Ollama) report "<status> - <body>" as (non-)transient
      // exceptions
      case NonTransientAiException s -> leadingStatus(s.getMessage(), 400);
      case TransientAiException s -> leadingStatus(s.getMessage(), 503);
      default -> null;
    };
  }

  private static int leadingStatus(String message, int fallback) {
    Matcher m = Pattern.compile("^(\\d{3}) ").matcher(message == null ? "" : message);
    return m.find() ? Integer.parseInt(m.group(1)) : fallback;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }
}
