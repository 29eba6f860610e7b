package io.compozy.execution.agent;

import io.compozy.contracts.dsl.ModelDef;
import io.compozy.contracts.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.MessageType;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;
import reactor.core.publisher.Flux;

/**
 * The offline {@code mock} provider of DSL.md. {@code echo} answers with the last user message;
 * {@code scripted} answers from {@code params.responses}, the first entry that applies: {@code
 * after_tool} when the last message is that tool's result, {@code when} (a regex) when the last
 * user message matches, an entry with neither always. An entry gives {@code content} (text, or a
 * structure sent as JSON) or {@code tool_calls}. Usage counts whitespace-separated words.
 */
final class MockChatModel implements ChatModel {
  static final String PROVIDER = "mock";

  private final ModelDef model;
  private final List<Map<String, Object>> responses;
  private final AtomicLong callIds = new AtomicLong();

  @SuppressWarnings("unchecked")
  MockChatModel(ModelDef model) {
    this.model = model;
    if (!model.model().equals("echo") && !model.model().equals("scripted")) {
      throw new ProviderException(
          "mock model '" + model.model() + "' is neither `echo` nor `scripted`", false);
    }
    Object list = model.paramsOrEmpty().get("responses");
    this.responses =
        list instanceof List<?> l
            ? (List<Map<String, Object>>)
                (List<?>) l.stream().filter(Map.class::isInstance).toList()
            : List.of();
  }

  @Override
  public ChatResponse call(Prompt prompt) {
    List<Message> messages = prompt.getInstructions();
    AssistantMessage answer = model.model().equals("echo") ? echo(messages) : scripted(messages);
    long promptTokens = messages.stream().mapToLong(m -> words(textOf(m))).sum();
    long completionTokens =
        words(answer.getText())
            + answer.getToolCalls().stream().mapToLong(c -> words(c.arguments())).sum();
    return new ChatResponse(
        List.of(new Generation(answer)),
        ChatResponseMetadata.builder()
            .model(model.model())
            .usage(new DefaultUsage((int) promptTokens, (int) completionTokens))
            .build());
  }

  /**
   * The same answer as {@link #call}, its text in word pieces, the tool calls and usage in the last
   * piece.
   */
  @Override
  public Flux<ChatResponse> stream(Prompt prompt) {
    return Flux.defer(
        () -> {
          ChatResponse whole = call(prompt);
          AssistantMessage answer = whole.getResult().getOutput();
          List<ChatResponse> pieces = new ArrayList<>();
          Matcher words =
              Pattern.compile("\\S+\\s*|\\s+")
                  .matcher(answer.getText() == null ? "" : answer.getText());
          while (words.find()) {
            pieces.add(
                new ChatResponse(List.of(new Generation(new AssistantMessage(words.group())))));
          }
          pieces.add(
              new ChatResponse(
                  List.of(
                      new Generation(
                          AssistantMessage.builder()
                              .content("")
                              .toolCalls(answer.getToolCalls())
                              .build())),
                  whole.getMetadata()));
          return Flux.fromIterable(pieces);
        });
  }

  /**
   * What the agent loop asks of a model that must answer in a JSON Schema's shape (AgentLoop's
   * system prompt).
   */
  static final String SCHEMA_ASK = "Answer with only a JSON value that matches this JSON Schema:\n";

  /**
   * The last user message; when the call asks for a JSON Schema's shape, the smallest value of that
   * shape instead (its strings the user's message), so projects whose actions declare outputs run
   * offline too.
   */
  private static AssistantMessage echo(List<Message> messages) {
    String user = lastUserText(messages);
    for (Message m : messages) {
      String text = m.getMessageType() == MessageType.SYSTEM ? textOf(m) : "";
      int at = text.indexOf(SCHEMA_ASK);
      if (at >= 0) {
        try {
          Object schema =
              Json.MAPPER.readValue(text.substring(at + SCHEMA_ASK.length()).strip(), Object.class);
          return text(Json.write(example(schema, user, 0)));
        } catch (RuntimeException notJson) {
          return text(user);
        }
      }
    }
    return text(user);
  }

  /**
   * Two values of one keyword in merged schemas: lists (required) joined, objects (properties)
   * merged, else the option's.
   */
  @SuppressWarnings("unchecked")
  private static Object mergeSchemaValue(Object base, Object option) {
    if (base instanceof List<?> a && option instanceof List<?> b) {
      List<Object> joined = new ArrayList<>(a);
      b.stream().filter(x -> !joined.contains(x)).forEach(joined::add);
      return joined;
    }
    if (base instanceof Map<?, ?> a && option instanceof Map<?, ?> b) {
      Map<String, Object> out = new LinkedHashMap<>((Map<String, Object>) a);
      out.putAll((Map<String, Object>) b);
      return out;
    }
    return option;
  }

  /** The smallest value a JSON Schema accepts, strings filled with {@code text}. */
  @SuppressWarnings("unchecked")
  static Object example(Object schema, String text, int depth) {
    if (!(schema instanceof Map<?, ?> s) || depth > 20) {
      return text;
    }
    if (s.containsKey("const")) {
      return s.get("const");
    }
    if (s.get("enum") instanceof List<?> values && !values.isEmpty()) {
      return values.getFirst();
    }
    for (String choice : List.of("oneOf", "anyOf", "allOf")) {
      if (s.get(choice) instanceof List<?> options && !options.isEmpty()) {
        // the schema around the choice still applies: {type: object, properties, anyOf: [{required:
        // [...]}]}
        Map<String, Object> merged = new LinkedHashMap<>((Map<String, Object>) s);
        merged.remove(choice);
        for (Object option : choice.equals("allOf") ? options : options.subList(0, 1)) {
          if (option instanceof Map<?, ?> o) {
            o.forEach(
                (k, v) -> merged.merge(String.valueOf(k), v, MockChatModel::mergeSchemaValue));
          }
        }
        return example(merged, text, depth + 1);
      }
    }
    Object type = s.get("type");
    if (type instanceof List<?> types) {
      type =
          types.stream()
              .map(String::valueOf)
              .filter(t -> !"null".equals(t))
              .findFirst()
              .orElse("null");
    }
    if (type == null) {
      type = s.containsKey("properties") ? "object" : s.containsKey("items") ? "array" : "string";
    }
    return switch (String.valueOf(type)) {
      case "object" -> {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> properties =
            s.get("properties") instanceof Map<?, ?> p ? (Map<String, Object>) p : Map.of();
        List<?> required = s.get("required") instanceof List<?> r ? r : List.of();
        for (Map.Entry<String, Object> p : properties.entrySet()) {
          if (required.isEmpty() || required.contains(p.getKey())) {
            out.put(p.getKey(), example(p.getValue(), text, depth + 1));
          }
        }
        yield out;
      }
      case "array" -> {
        int n = s.get("minItems") instanceof Number min ? Math.min(min.intValue(), 10) : 0;
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          out.add(example(s.get("items"), text, depth + 1));
        }
        yield out;
      }
      case "integer" ->
          s.get("minimum") instanceof Number min
              ? (Object) (long) Math.ceil(min.doubleValue())
              : (Object) 0L;
      case "number" ->
          s.get("minimum") instanceof Number min ? (Object) min.doubleValue() : (Object) 0.0;
      case "boolean" -> true;
      case "null" -> null;
      default -> {
        String value =
            "date-time".equals(s.get("format"))
                ? "2026-01-01T00:00:00Z"
                : "date".equals(s.get("format")) ? "2026-01-01" : text;
        int min = s.get("minLength") instanceof Number m ? m.intValue() : 0;
        int max = s.get("maxLength") instanceof Number m ? m.intValue() : Integer.MAX_VALUE;
        if (value.length() < min) {
          value = value + "x".repeat(min - value.length());
        }
        yield value.length() > max ? value.substring(0, max) : value;
      }
    };
  }

  private AssistantMessage scripted(List<Message> messages) {
    Message last = messages.isEmpty() ? null : messages.getLast();
    String lastUser = lastUserText(messages);
    for (Map<String, Object> entry : responses) {
      if (entry.get("after_tool") instanceof String tool) {
        if (last instanceof ToolResponseMessage results
            && results.getResponses().stream().anyMatch(r -> r.name().equals(tool))) {
          return answer(entry);
        }
      } else if (entry.get("when") instanceof String regex) {
        if (matches(regex, lastUser)) {
          return answer(entry);
        }
      } else {
        return answer(entry);
      }
    }
    throw new ProviderException(
        "the scripted mock model has no response for: " + abbreviate(lastUser), false);
  }

  private AssistantMessage answer(Map<String, Object> entry) {
    if (entry.get("tool_calls") instanceof List<?> calls && !calls.isEmpty()) {
      List<AssistantMessage.ToolCall> out = new ArrayList<>();
      for (Object c : calls) {
        if (c instanceof Map<?, ?> call && call.get("name") instanceof String name) {
          Object args = call.get("arguments");
          out.add(
              new AssistantMessage.ToolCall(
                  "call_" + callIds.incrementAndGet(),
                  "function",
                  name,
                  args == null ? "{}" : args instanceof String s ? s : Json.write(args)));
        }
      }
      return AssistantMessage.builder().content("").toolCalls(out).build();
    }
    Object content = entry.get("content");
    return text(content == null ? "" : content instanceof String s ? s : Json.write(content));
  }

  private static AssistantMessage text(String content) {
    return new AssistantMessage(content);
  }

  private static boolean matches(String regex, String text) {
    try {
      return Pattern.compile(regex).matcher(text).find();
    } catch (PatternSyntaxException e) {
      throw new ProviderException(
          "scripted mock response `when: "
              + regex
              + "` is not a valid regex: "
              + e.getDescription(),
          false);
    }
  }

  private static String lastUserText(List<Message> messages) {
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i).getMessageType() == MessageType.USER) {
        return textOf(messages.get(i));
      }
    }
    return "";
  }

  private static String textOf(Message m) {
    if (m instanceof ToolResponseMessage t) {
      return String.join(
          " ",
          t.getResponses().stream().map(ToolResponseMessage.ToolResponse::responseData).toList());
    }
    String text = m.getText() == null ? "" : m.getText();
    if (m instanceof UserMessage u) {
      for (var media :
          u.getMedia()) { // what the echo model was shown besides text, so offline runs show
        // their attachments
        text += " [media: " + media.getMimeType() + " " + media.getName() + "]";
      }
    }
    return text;
  }

  private static long words(@Nullable String text) {
    if (text == null || text.isBlank()) {
      return 0;
    }
    return text.trim().split("\\s+").length;
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }
}
