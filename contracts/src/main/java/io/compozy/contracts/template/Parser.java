package io.compozy.contracts.template;

import io.compozy.contracts.template.Node.Command;
import io.compozy.contracts.template.Node.Operand;
import io.compozy.contracts.template.Node.Pipeline;
import io.compozy.contracts.template.Token.Kind;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** Builds the parse tree from tokens, checking the structure (ends, else, functions, variables). */
final class Parser {
  private final String src;
  private final List<Token> tokens;
  private final Set<String> functions;
  private final List<List<String>> scopes = new ArrayList<>();
  private int index;
  private int rangeDepth;
  private int parenDepth;
  /** Far deeper than any template a person writes; deeper input would overflow the parser's stack. */
  static final int MAX_DEPTH = 100;

  private Parser(String src, Set<String> functions) {
    this.src = src;
    this.tokens = Lexer.lex(src);
    this.functions = functions;
  }

  static List<Node> parse(String src, Set<String> functions) {
    Parser parser = new Parser(src, functions);
    parser.scopes.add(new ArrayList<>(List.of("$")));
    List<Node> nodes = new ArrayList<>();
    String end = parser.parseList(nodes);
    if (end != null) {
      throw TemplateException.at(src, parser.peek().pos(), "unexpected {{" + end + "}}");
    }
    return nodes;
  }

  /** Parses nodes until EOF (returns null) or an {{end}}/{{else}} (returns its keyword). */
  private String parseList(List<Node> into) {
    while (true) {
      Token t = next();
      switch (t.kind()) {
        case EOF -> {
          return null;
        }
        case TEXT -> into.add(new Node.Text(t.text()));
        case LEFT_DELIM -> {
          Token k = peek();
          if (k.kind() == Kind.KEYWORD) {
            next();
            switch (k.text()) {
              case "end" -> {
                expect(Kind.RIGHT_DELIM, "}}");
                return "end";
              }
              case "else" -> {
                return "else";
              }
              case "if" -> into.add(parseIf(k.pos()));
              case "with" -> into.add(parseWith(k.pos()));
              case "range" -> into.add(parseRange(k.pos()));
              case "break", "continue" -> {
                if (rangeDepth == 0) {
                  throw error(k, "{{" + k.text() + "}} outside {{range}}");
                }
                expect(Kind.RIGHT_DELIM, "}}");
                into.add(k.text().equals("break") ? new Node.Break(k.pos()) : new Node.Continue(k.pos()));
              }
              default -> throw error(k, "{{" + k.text() + "}} is not supported");
            }
          } else {
            Pipeline p = parsePipeline(true);
            expect(Kind.RIGHT_DELIM, "}}");
            into.add(new Node.Action(t.pos(), p));
          }
        }
        default -> throw error(t, "unexpected " + t.text());
      }
    }
  }

  private Node parseIf(int pos) {
    pushScope();
    Pipeline cond = parsePipeline(true);
    expect(Kind.RIGHT_DELIM, "}}");
    List<Node> then = new ArrayList<>();
    String end = parseList(then);
    List<Node> otherwise = new ArrayList<>();
    popScope();
    if (end == null) {
      throw TemplateException.at(src, pos, "unexpected EOF: {{if}} has no {{end}}");
    }
    if (end.equals("else")) {
      otherwise = parseElse(pos, "if");
    }
    return new Node.If(pos, cond, then, otherwise);
  }

  private List<Node> parseElse(int pos, String construct) {
    Token k = peek();
    if (k.kind() == Kind.KEYWORD && (k.text().equals("if") || k.text().equals("with"))) {
      // {{else if ...}} is an {{if}} nested in the else branch that shares the outer {{end}}
      next();
      return List.of(k.text().equals("if") ? parseIf(k.pos()) : parseWith(k.pos()));
    }
    expect(Kind.RIGHT_DELIM, "}}");
    List<Node> otherwise = new ArrayList<>();
    pushScope();
    String end = parseList(otherwise);
    popScope();
    if (!"end".equals(end)) {
      throw TemplateException.at(src, pos, "{{" + construct + "}} has no {{end}}");
    }
    return otherwise;
  }

  private Node parseWith(int pos) {
    pushScope();
    Pipeline value = parsePipeline(true);
    expect(Kind.RIGHT_DELIM, "}}");
    List<Node> body = new ArrayList<>();
    String end = parseList(body);
    popScope();
    if (end == null) {
      throw TemplateException.at(src, pos, "unexpected EOF: {{with}} has no {{end}}");
    }
    List<Node> otherwise = end.equals("else") ? parseElse(pos, "with") : List.of();
    return new Node.With(pos, value, body, otherwise);
  }

  private Node parseRange(int pos) {
    pushScope();
    Pipeline value = parsePipeline(true);
    expect(Kind.RIGHT_DELIM, "}}");
    List<Node> body = new ArrayList<>();
    rangeDepth++;
    String end = parseList(body);
    rangeDepth--;
    popScope();
    if (end == null) {
      throw TemplateException.at(src, pos, "unexpected EOF: {{range}} has no {{end}}");
    }
    List<Node> otherwise = end.equals("else") ? parseElse(pos, "range") : List.of();
    return new Node.Range(pos, value, body, otherwise);
  }

  private Pipeline parsePipeline(boolean allowDecl) {
    int pos = peek().pos();
    List<String> vars = new ArrayList<>();
    boolean assign = false;
    if (allowDecl && peek().kind() == Kind.VARIABLE) {
      int save = index;
      List<String> candidates = new ArrayList<>();
      candidates.add(next().text());
      if (peek().kind() == Kind.COMMA) {
        next();
        if (peek().kind() == Kind.VARIABLE) {
          candidates.add(next().text());
        }
      }
      Kind k = peek().kind();
      if (k == Kind.DECLARE || k == Kind.ASSIGN) {
        assign = k == Kind.ASSIGN;
        next();
        vars = candidates;
        for (String v : vars) {
          if (assign) {
            requireVariable(v, pos);
          } else {
            scopes.getLast().add(v);
          }
        }
      } else {
        index = save;
      }
    }
    List<Command> commands = new ArrayList<>();
    while (true) {
      commands.add(parseCommand());
      if (peek().kind() == Kind.PIPE) {
        next();
        continue;
      }
      break;
    }
    return new Pipeline(pos, vars, assign, commands);
  }

  private Command parseCommand() {
    int pos = peek().pos();
    List<Operand> operands = new ArrayList<>();
    while (true) {
      Kind k = peek().kind();
      if (k == Kind.RIGHT_DELIM || k == Kind.PIPE || k == Kind.RIGHT_PAREN || k == Kind.EOF) {
        break;
      }
      operands.add(parseOperand());
    }
    if (operands.isEmpty()) {
      throw TemplateException.at(src, pos, "missing value for command");
    }
    return new Command(pos, operands);
  }

  private Operand parseOperand() {
    Token t = next();
    return switch (t.kind()) {
      case FIELD -> new Node.Field(t.pos(), splitPath(t.text()));
      case VARIABLE -> {
        String[] parts = t.text().split("\\.", -1);
        requireVariable(parts[0], t.pos());
        yield new Node.Variable(t.pos(), parts[0], fieldsAfter());
      }
      case DOT -> new Node.Dot(t.pos());
      case IDENTIFIER -> {
        if (!functions.contains(t.text())) {
          throw error(t, "function \"" + t.text() + "\" not defined");
        }
        yield new Node.Function(t.pos(), t.text());
      }
      case STRING -> new Node.Literal(t.pos(), t.text());
      case BOOL -> new Node.Literal(t.pos(), Boolean.parseBoolean(t.text()));
      case NUMBER -> new Node.Literal(t.pos(), number(t));
      case NIL -> new Node.Nil(t.pos());
      case LEFT_PAREN -> {
        if (++parenDepth > MAX_DEPTH) {
          throw error(t, "parentheses nest deeper than " + MAX_DEPTH + " levels");
        }
        Pipeline p = parsePipeline(false);
        parenDepth--;
        expect(Kind.RIGHT_PAREN, ")");
        yield new Node.SubPipeline(t.pos(), p, fieldsAfter());
      }
      default -> throw error(t, "unexpected \"" + t.text() + "\" in command");
    };
  }

  /** Fields written right after a variable or parenthesis: {@code $x.a.b}, {@code (f).a}. */
  private List<String> fieldsAfter() {
    List<String> path = new ArrayList<>();
    while (peek().kind() == Kind.FIELD && peek().pos() == previousEnd()) {
      path.addAll(splitPath(next().text()));
    }
    return path;
  }

  private int previousEnd() {
    Token prev = tokens.get(index - 1);
    return switch (prev.kind()) {
      case FIELD -> prev.pos() + 1 + prev.text().length();
      case RIGHT_PAREN -> prev.pos() + 1;
      default -> prev.pos() + prev.text().length();
    };
  }

  private static List<String> splitPath(String text) {
    return Arrays.asList(text.split("\\."));
  }

  private Object number(Token t) {
    String text = t.text().replace("_", "");
    try {
      if (text.matches("[+-]?0[xX][0-9a-fA-F]+")) {
        return new BigInteger(text.replaceFirst("0[xX]", ""), 16).longValueExact();
      }
      if (text.matches("[+-]?\\d+")) {
        return Long.parseLong(text);
      }
      return Double.parseDouble(text);
    } catch (NumberFormatException | ArithmeticException e) {
      throw error(t, "bad number syntax: " + t.text());
    }
  }

  private void requireVariable(String name, int pos) {
    for (List<String> scope : scopes) {
      if (scope.contains(name)) {
        return;
      }
    }
    throw TemplateException.at(src, pos, "undefined variable \"" + name + "\"");
  }

  private void pushScope() {
    if (scopes.size() > MAX_DEPTH) {
      throw TemplateException.at(src, tokens.get(Math.max(0, index - 1)).pos(), "actions nest deeper than " + MAX_DEPTH + " levels");
    }
    scopes.add(new ArrayList<>());
  }

  private void popScope() {
    scopes.removeLast();
  }

  private Token next() {
    return tokens.get(index++);
  }

  private Token peek() {
    return tokens.get(index);
  }

  private void expect(Kind kind, String what) {
    Token t = next();
    if (t.kind() != kind) {
      throw error(t, "expected " + what + ", found \"" + t.text() + "\"");
    }
  }

  private TemplateException error(Token t, String message) {
    return TemplateException.at(src, t.pos(), message);
  }
}
