package io.compozy.execution.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.compozy.contracts.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OpenAI-compatible chat completions server that answers from a script: the one fake the
 * standards allow (a paid provider we cannot reach). Each request takes the next scripted answer;
 * with the script empty it repeats the last one. Every request body is kept for assertions.
 */
public final class ScriptedOpenAiServer implements AutoCloseable {
  /** One scripted answer: an HTTP status, a content type and a body. */
  public record Answer(int status, String contentType, String body) {}

  private final HttpServer server;
  private final Deque<Answer> script = new ConcurrentLinkedDeque<>();
  private volatile Answer last = text("(script empty)");
  private final List<Map<String, Object>> requests = new CopyOnWriteArrayList<>();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private volatile long delayMillis;

  public ScriptedOpenAiServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/v1/chat/completions", this::answer);
    // the same script in the formats of the other providers' own APIs (calls, not streams)
    server.createContext("/v1/messages", x -> answer(x, ScriptedOpenAiServer::anthropic));
    server.createContext("/api/chat", x -> answer(x, ScriptedOpenAiServer::ollama));
    server.createContext(
        "/v1beta/models",
        x -> {
          if (x.getRequestURI().getPath().contains("mbedContent")) {
            googleEmbeddings(x);
          } else {
            answer(x, ScriptedOpenAiServer::google);
          }
        });
    // Vertex AI's paths (its own API), for Google's embeddings there
    for (String vertex : List.of("/v1beta1/", "/v1/projects/", "/v1/publishers/")) {
      server.createContext(vertex, this::googleEmbeddings);
    }
    server.createContext("/v1/embeddings", this::embeddings);
    server.start();
  }

  private final List<Map<String, Object>> embeddingRequests = new CopyOnWriteArrayList<>();
  private final AtomicInteger refuseEmbeddings = new AtomicInteger();

  /** The embedding requests the server got, in order. */
  public List<Map<String, Object>> embeddingRequests() {
    return embeddingRequests;
  }

  /**
   * The next {@code n} embedding requests are refused with 429 and {@code Retry-After: 1}, as a
   * provider over its rate limit does.
   */
  public void refuseEmbeddings(int n) {
    refuseEmbeddings.set(n);
  }

  /**
   * OpenAI's embeddings: each input a bag of its words hashed into {@code dimensions} (16 unless
   * asked) and normalised, so texts that share words are near each other.
   */
  @SuppressWarnings("unchecked")
  private void embeddings(HttpExchange exchange) throws IOException {
    try (exchange) {
      Map<String, Object> request =
          (Map<String, Object>)
              Json.plain(
                  new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      embeddingRequests.add(request);
      String body;
      int status = 200;
      if (refuseEmbeddings.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        status = 429;
        exchange.getResponseHeaders().add("Retry-After", "1");
        body =
            Json.write(
                Map.of(
                    "error",
                    Map.of(
                        "message",
                        "Rate limit reached",
                        "type",
                        "requests",
                        "code",
                        "rate_limit_exceeded")));
      } else {
        List<String> inputs =
            request.get("input") instanceof List<?> l
                ? l.stream().map(String::valueOf).toList()
                : List.of(String.valueOf(request.get("input")));
        int dims = request.get("dimensions") instanceof Number n ? n.intValue() : 16;
        List<Map<String, Object>> data = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
          data.add(
              Map.of(
                  "object", "embedding", "index", i, "embedding", bagOfWords(inputs.get(i), dims)));
        }
        body =
            Json.write(
                Map.of(
                    "object",
                    "list",
                    "data",
                    data,
                    "model",
                    String.valueOf(request.get("model")),
                    "usage",
                    Map.of("prompt_tokens", inputs.size(), "total_tokens", inputs.size())));
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /**
   * Google's embeddings, as the Gemini API ({@code :batchEmbedContents}, {@code :embedContent}) and
   * Vertex AI ({@code :predict}) answer them: the same bag of words as OpenAI's, in {@code
   * outputDimensionality} dimensions (16 unless asked).
   */
  @SuppressWarnings("unchecked")
  private void googleEmbeddings(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      Map<String, Object> request =
          (Map<String, Object>)
              Json.plain(
                  new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      Map<String, Object> seen = new LinkedHashMap<>(request);
      seen.put("path", path);
      seen.put("api_key", String.valueOf(exchange.getRequestHeaders().getFirst("x-goog-api-key")));
      embeddingRequests.add(seen);
      List<Map<String, Object>> items =
          request.get("requests") instanceof List<?> l
              ? (List<Map<String, Object>>) l
              : request.get("instances") instanceof List<?> l2
                  ? (List<Map<String, Object>>) l2
                  : List.of(request);
      List<Object> vectors = new ArrayList<>();
      for (Map<String, Object> item : items) {
        StringBuilder text = new StringBuilder();
        if (item.get("content") instanceof Map<?, ?> content
            && content.get("parts") instanceof List<?> parts) {
          parts.forEach(part -> text.append(((Map<String, Object>) part).get("text")).append(' '));
        } else if (item.get("content") instanceof String plain) {
          text.append(plain);
        }
        Object asked =
            item.containsKey("outputDimensionality")
                ? item.get("outputDimensionality")
                : request.get("parameters") instanceof Map<?, ?> p
                    ? p.get("outputDimensionality")
                    : null;
        vectors.add(
            Map.of(
                "values",
                bagOfWords(text.toString(), asked instanceof Number n ? n.intValue() : 16)));
      }
      String body =
          path.endsWith(":predict")
              ? Json.write(
                  Map.of(
                      "predictions", vectors.stream().map(v -> Map.of("embeddings", v)).toList()))
              : path.endsWith(":embedContent") && vectors.size() == 1
                  ? Json.write(Map.of("embedding", vectors.getFirst()))
                  : Json.write(Map.of("embeddings", vectors));
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  static List<Double> bagOfWords(String text, int dims) {
    double[] v = new double[dims];
    for (String w : text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
      if (w.length() > 2) {
        v[Math.floorMod(w.hashCode(), dims)] += 1;
      }
    }
    double norm = Math.sqrt(Arrays.stream(v).map(x -> x * x).sum());
    List<Double> out = new ArrayList<>();
    for (double x : v) {
      out.add(norm == 0 ? 1.0 / Math.sqrt(dims) : x / norm);
    }
    return out;
  }

  /**
   * The root URL, for the providers whose clients add their own paths (Anthropic, Google, Ollama).
   */
  public String rootUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  public ScriptedOpenAiServer then(Answer... answers) {
    script.addAll(List.of(answers));
    return this;
  }

  public List<Map<String, Object>> requests() {
    return requests;
  }

  List<String> authorizations() {
    return authorizations;
  }

  /** Every answer waits this long first, so calls overlap. */
  void delay(long millis) {
    delayMillis = millis;
  }

  /** The most requests the server was answering at once. */
  int maxInFlight() {
    return maxInFlight.get();
  }

  public void reset() {
    delayMillis = 0;
    maxInFlight.set(0);
    script.clear();
    requests.clear();
    authorizations.clear();
    last = text("(script empty)");
  }

  public static Answer text(String content) {
    return completion(Map.of("role", "assistant", "content", content), "stop");
  }

  /** The model calls tools: pairs of name and JSON arguments. */
  static Answer toolCalls(String... nameThenArguments) {
    List<Map<String, Object>> calls = new ArrayList<>();
    for (int i = 0; i < nameThenArguments.length; i += 2) {
      calls.add(
          Map.of(
              "id",
              "call_" + i + "_" + nameThenArguments[i],
              "type",
              "function",
              "function",
              Map.of("name", nameThenArguments[i], "arguments", nameThenArguments[i + 1])));
    }
    Map<String, Object> message = new HashMap<>();
    message.put("role", "assistant");
    message.put("content", null);
    message.put("tool_calls", calls);
    return completion(message, "tool_calls");
  }

  static Answer status(int status, String message) {
    return new Answer(
        status,
        "application/json",
        Json.write(
            Map.of("error", Map.of("message", message, "type", "scripted", "code", status))));
  }

  static Answer raw(String body) {
    return new Answer(200, "application/json", body);
  }

  private static Answer completion(Map<String, Object> message, String finishReason) {
    Map<String, Object> choice = new HashMap<>();
    choice.put("index", 0);
    choice.put("message", message);
    choice.put("finish_reason", finishReason);
    choice.put("logprobs", null);
    return new Answer(
        200,
        "application/json",
        Json.write(
            Map.of(
                "id",
                "chatcmpl-scripted",
                "object",
                "chat.completion",
                "created",
                1_700_000_000,
                "model",
                "scripted-model",
                "choices",
                List.of(choice),
                "usage",
                Map.of("prompt_tokens", 11, "completion_tokens", 7, "total_tokens", 18))));
  }

  private void answer(HttpExchange exchange) throws IOException {
    answer(exchange, body -> body);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> message(String completionJson) {
    Map<String, Object> completion = (Map<String, Object>) Json.plain(completionJson);
    return (Map<String, Object>)
        ((List<Map<String, Object>>) completion.get("choices")).getFirst().get("message");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> calls(Map<String, Object> message) {
    return message.get("tool_calls") instanceof List<?> l
        ? (List<Map<String, Object>>) l
        : List.of();
  }

  @SuppressWarnings("unchecked")
  private static String anthropic(String completionJson) {
    Map<String, Object> m = message(completionJson);
    List<Map<String, Object>> content = new ArrayList<>();
    if (m.get("content") instanceof String text) {
      content.add(Map.of("type", "text", "text", text));
    }
    for (Map<String, Object> c : calls(m)) {
      Map<String, Object> fn = (Map<String, Object>) c.get("function");
      content.add(
          Map.of(
              "type",
              "tool_use",
              "id",
              c.get("id"),
              "name",
              fn.get("name"),
              "input",
              Json.plain((String) fn.get("arguments"))));
    }
    Map<String, Object> out = new HashMap<>();
    out.put("id", "msg_scripted");
    out.put("type", "message");
    out.put("role", "assistant");
    out.put("model", "scripted-model");
    out.put("content", content);
    out.put("stop_reason", calls(m).isEmpty() ? "end_turn" : "tool_use");
    out.put("stop_sequence", null);
    out.put("usage", Map.of("input_tokens", 11, "output_tokens", 7));
    return Json.write(out);
  }

  @SuppressWarnings("unchecked")
  private static String ollama(String completionJson) {
    Map<String, Object> m = message(completionJson);
    Map<String, Object> msg = new HashMap<>();
    msg.put("role", "assistant");
    msg.put("content", m.get("content") instanceof String text ? text : "");
    if (!calls(m).isEmpty()) {
      msg.put(
          "tool_calls",
          calls(m).stream()
              .map(
                  c -> {
                    Map<String, Object> fn = (Map<String, Object>) c.get("function");
                    return Map.of(
                        "function",
                        Map.of(
                            "name",
                            fn.get("name"),
                            "arguments",
                            Json.plain((String) fn.get("arguments"))));
                  })
              .toList());
    }
    return Json.write(
        Map.of(
            "model",
            "scripted-model",
            "created_at",
            "2026-01-01T00:00:00Z",
            "message",
            msg,
            "done",
            true,
            "done_reason",
            "stop",
            "prompt_eval_count",
            11,
            "eval_count",
            7));
  }

  @SuppressWarnings("unchecked")
  private static String google(String completionJson) {
    Map<String, Object> m = message(completionJson);
    List<Map<String, Object>> parts = new ArrayList<>();
    if (m.get("content") instanceof String text) {
      parts.add(Map.of("text", text));
    }
    for (Map<String, Object> c : calls(m)) {
      Map<String, Object> fn = (Map<String, Object>) c.get("function");
      parts.add(
          Map.of(
              "functionCall",
              Map.of("name", fn.get("name"), "args", Json.plain((String) fn.get("arguments")))));
    }
    return Json.write(
        Map.of(
            "candidates",
                List.of(
                    Map.of(
                        "content",
                        Map.of("role", "model", "parts", parts),
                        "finishReason",
                        "STOP",
                        "index",
                        0)),
            "usageMetadata",
                Map.of("promptTokenCount", 11, "candidatesTokenCount", 7, "totalTokenCount", 18),
            "modelVersion", "scripted-model"));
  }

  @SuppressWarnings("unchecked")
  private void answer(HttpExchange exchange, UnaryOperator<String> format) throws IOException {
    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    try (exchange) {
      if (delayMillis > 0) {
        try {
          Thread.sleep(delayMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      requests.add((Map<String, Object>) Json.plain(body));
      authorizations.add(
          String.valueOf(
              exchange
                  .getRequestHeaders()
                  .getFirst(
                      exchange.getRequestHeaders().containsKey("x-api-key")
                          ? "x-api-key"
                          : exchange.getRequestHeaders().containsKey("x-goog-api-key")
                              ? "x-goog-api-key"
                              : "Authorization")));
      Answer a = script.poll();
      if (a == null) {
        a = last;
      }
      last = a;
      if (Boolean.TRUE.equals(requests.getLast().get("stream"))
          && a.status() == 200
          && a.body().startsWith("{\"")
          && exchange.getRequestURI().getPath().endsWith("/chat/completions")) {
        a = new Answer(200, "text/event-stream", sse(a.body()));
      } else if (a.status() == 200 && a.body().startsWith("{\"")) {
        a = new Answer(200, "application/json", format.apply(a.body()));
      }
      byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", a.contentType());
      exchange.getResponseHeaders().add("x-request-id", "req_" + ids.incrementAndGet());
      exchange.sendResponseHeaders(a.status(), bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } finally {
      inFlight.decrementAndGet();
    }
  }

  /**
   * A completion as OpenAI streams it: the text in word pieces, each tool call as its id and name
   * first and its arguments in two halves after, the finish reason, then the usage, then [DONE].
   */
  @SuppressWarnings("unchecked")
  private static String sse(String completionJson) {
    Map<String, Object> completion = (Map<String, Object>) Json.plain(completionJson);
    Map<String, Object> choice = ((List<Map<String, Object>>) completion.get("choices")).getFirst();
    Map<String, Object> message = (Map<String, Object>) choice.get("message");
    List<Map<String, Object>> deltas = new ArrayList<>();
    deltas.add(Map.of("role", "assistant", "content", ""));
    if (message.get("content") instanceof String text) {
      Matcher words = Pattern.compile("\\S+\\s*|\\s+").matcher(text);
      while (words.find()) {
        deltas.add(Map.of("content", words.group()));
      }
    }
    if (message.get("tool_calls") instanceof List<?> calls) {
      for (int i = 0; i < calls.size(); i++) {
        Map<String, Object> call = (Map<String, Object>) calls.get(i);
        Map<String, Object> fn = (Map<String, Object>) call.get("function");
        String args = String.valueOf(fn.get("arguments"));
        int half = args.length() / 2;
        deltas.add(
            Map.of(
                "tool_calls",
                List.of(
                    Map.of(
                        "index",
                        i,
                        "id",
                        call.get("id"),
                        "type",
                        "function",
                        "function",
                        Map.of("name", fn.get("name"), "arguments", "")))));
        deltas.add(
            Map.of(
                "tool_calls",
                List.of(
                    Map.of("index", i, "function", Map.of("arguments", args.substring(0, half))))));
        deltas.add(
            Map.of(
                "tool_calls",
                List.of(
                    Map.of("index", i, "function", Map.of("arguments", args.substring(half))))));
      }
    }
    StringBuilder out = new StringBuilder();
    for (Map<String, Object> delta : deltas) {
      out.append(chunk(List.of(choice(delta, null)), null));
    }
    out.append(chunk(List.of(choice(Map.of(), String.valueOf(choice.get("finish_reason")))), null));
    out.append(chunk(List.of(), completion.get("usage")));
    return out.append("data: [DONE]\n\n").toString();
  }

  private static Map<String, Object> choice(Map<String, Object> delta, String finishReason) {
    Map<String, Object> c = new HashMap<>();
    c.put("index", 0);
    c.put("delta", delta);
    c.put("finish_reason", finishReason);
    c.put("logprobs", null);
    return c;
  }

  private static String chunk(List<Map<String, Object>> choices, Object usage) {
    Map<String, Object> c = new HashMap<>();
    c.put("id", "chatcmpl-scripted");
    c.put("object", "chat.completion.chunk");
    c.put("created", 1_700_000_000);
    c.put("model", "scripted-model");
    c.put("choices", choices);
    c.put("usage", usage);
    return "data: " + Json.write(c) + "\n\n";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
