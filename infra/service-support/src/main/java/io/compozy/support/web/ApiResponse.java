package io.compozy.support.web;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

/**
 * The success envelope of every API answer: {@code {"data": ..., "message": "...", "status": 200}}.
 * {@code status} repeats the HTTP status, as Compozy's clients read it from the body.
 */
public record ApiResponse<T>(@Nullable T data, String message, int status) {
  public static <T> ApiResponse<T> of(T data, String message) {
    return new ApiResponse<>(data, message, HttpStatus.OK.value());
  }

  public static <T> ApiResponse<T> of(HttpStatusCode status, T data, String message) {
    return new ApiResponse<>(data, message, status.value());
  }
}
