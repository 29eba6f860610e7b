package io.compozy.support.web;

import org.jspecify.annotations.Nullable;

/** The success envelope of every API answer: {@code {"data": ..., "message": "..."}}. */
public record ApiResponse<T>(@Nullable T data, String message) {
  public static <T> ApiResponse<T> of(T data, String message) {
    return new ApiResponse<>(data, message);
  }
}
