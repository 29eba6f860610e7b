package io.compozy.contracts.template;

import io.compozy.contracts.template.Node.ListNode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A parsed Go text/template with Sprig's functions, as Compozy runs them ({@code
 * missingkey=error}). Immutable and safe to share: render it as often as needed with different
 * data.
 */
public final class Template {
  /** The name Compozy gives a template written inline in a definition; Go's messages quote it. */
  public static final String INLINE = "inline";

  private static final Pattern EXPRESSION = Pattern.compile("\\{\\{[^}]*}}");
  private static final Pattern HYPHENATED_PATH =
      Pattern.compile("(\\.[a-zA-Z_][a-zA-Z0-9_-]*(?:\\.[a-zA-Z_][a-zA-Z0-9_-]*)*)");

  /** How strictly a template follows Go. */
  public enum Dialect {
    /** Go's text/template with Sprig, exactly. */
    GO,
    /**
     * The project language (DSL.md): Go's, plus what Compozy and the platform add. Paths with
     * hyphens ({@code .tasks.step-1.output}) are read as Compozy rewrites them, into {@code (index
     * . "tasks" "step-1" "output")}; a field of a null value (a task that has not run) is empty; an
     * int and a float compare by value.
     */
    PLATFORM
  }

  private final String name;
  private final String source;
  private final Dialect dialect;
  private final Map<String, ListNode> trees;

  private Template(String name, String source, Dialect dialect, Map<String, ListNode> trees) {
    this.name = name;
    this.source = source;
    this.dialect = dialect;
    this.trees = Map.copyOf(trees);
  }

  /**
   * Parses a template of the project language, or throws {@link TemplateException} naming the line.
   */
  public static Template parse(String source) {
    String rewritten = rewriteHyphenatedPaths(source);
    return new Template(
        INLINE,
        rewritten,
        Dialect.PLATFORM,
        Parser.parse(INLINE, rewritten, Functions.ALL.keySet()));
  }

  /**
   * Parses a template exactly as Go does, under a name (Go's messages say "template: NAME:LINE:
   * …").
   */
  public static Template parseGo(String name, String source) {
    return new Template(
        name, source, Dialect.GO, Parser.parse(name, source, Functions.ALL.keySet()));
  }

  /**
   * Compozy's preprocessing: each action's dotted paths that contain a hyphen become index calls.
   */
  static String rewriteHyphenatedPaths(String source) {
    if (source.indexOf('-') < 0) {
      return source;
    }
    Matcher m = EXPRESSION.matcher(source);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String match = m.group();
      boolean leftTrim = match.startsWith("{{-");
      boolean rightTrim = match.endsWith("-}}");
      int start = leftTrim ? 3 : 2;
      int end = rightTrim ? match.length() - 3 : match.length() - 2;
      String content = start <= end ? match.substring(start, end).strip() : "";
      Matcher p = HYPHENATED_PATH.matcher(content);
      StringBuilder processed = new StringBuilder();
      while (p.find()) {
        String path = p.group();
        String replacement = path;
        if (path.indexOf('-') >= 0) {
          StringBuilder r = new StringBuilder("(index .");
          for (String segment : path.substring(1).split("\\.")) {
            r.append(' ').append(GoQuote.quote(segment));
          }
          replacement = r.append(')').toString();
        }
        p.appendReplacement(processed, Matcher.quoteReplacement(replacement));
      }
      p.appendTail(processed);
      String rewritten =
          (leftTrim ? "{{-" : "{{") + " " + processed + " " + (rightTrim ? "-}}" : "}}");
      m.appendReplacement(out, Matcher.quoteReplacement(rewritten));
    }
    m.appendTail(out);
    return out.toString();
  }

  public String source() {
    return source;
  }

  Dialect dialect() {
    return dialect;
  }

  String name() {
    return name;
  }

  @Nullable ListNode tree(String templateName) {
    return trees.get(templateName);
  }

  private ListNode root() {
    return trees.get(name);
  }

  /**
   * True when the template is exactly one action that prints a value, so its value can be taken
   * raw.
   */
  public boolean isSingleAction() {
    return root().nodes().size() == 1
        && root().nodes().getFirst() instanceof Node.ActionNode a
        && a.pipe().decl().isEmpty();
  }

  /** Renders to text. */
  public String render(@Nullable Map<String, ?> data) {
    StringBuilder out = new StringBuilder();
    new Execution(this, out).run(root(), data);
    return out.toString();
  }

  /**
   * The raw value of a single-action template (an object stays an object); other templates render
   * to text.
   */
  public @Nullable Object evaluate(@Nullable Map<String, ?> data) {
    if (!isSingleAction()) {
      return render(data);
    }
    Object v =
        new Execution(this, new StringBuilder())
            .evaluate((Node.ActionNode) root().nodes().getFirst(), data);
    return GoValues.export(v);
  }
}
