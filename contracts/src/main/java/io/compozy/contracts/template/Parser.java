package io.compozy.contracts.template;

import io.compozy.contracts.template.Node.BranchNode;
import io.compozy.contracts.template.Node.CommandNode;
import io.compozy.contracts.template.Node.ListNode;
import io.compozy.contracts.template.Node.PipeNode;
import io.compozy.contracts.template.Node.VariableNode;
import io.compozy.contracts.template.Token.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Builds the parse trees of a template source with Go's grammar and checks: the main template and
 * every {@code define}d or {@code block}ed one, functions known, variables declared before use,
 * {@code break}/{@code continue} inside {@code range}. Errors read as Go's: "template: t:1: …".
 */
final class Parser {
  /**
   * Far deeper than any template a person writes; deeper input would overflow the parser's stack.
   */
  static final int MAX_DEPTH = 200;

  private final String name;
  private final String src;
  private final List<Token> tokens;
  private final Set<String> functions;
  private final Map<String, ListNode> trees;
  private int index;
  private int furthest;
  private List<String> vars = new ArrayList<>(List.of("$"));
  private int rangeDepth;
  private int actionLine;
  private int depth;

  private Parser(String name, String src, Set<String> functions, Map<String, ListNode> trees) {
    this.name = name;
    this.src = src;
    this.tokens = Lexer.lex(src);
    this.functions = functions;
    this.trees = trees;
  }

  /**
   * Parses {@code src}; the result maps each template's name to its tree, the main one under {@code
   * name}.
   */
  static Map<String, ListNode> parse(String name, String src, Set<String> functions) {
    Map<String, ListNode> trees = new LinkedHashMap<>();
    Parser p = new Parser(name, src, functions, trees);
    ListNode root = p.parseTop();
    p.define(name, root);
    return trees;
  }

  /**
   * Go keeps an earlier definition when a later one is empty (whitespace only); two non-empty ones
   * are an error.
   */
  private void define(String defined, ListNode tree) {
    ListNode old = trees.get(defined);
    if (old == null || isEmpty(old)) {
      trees.put(defined, tree);
      return;
    }
    if (!isEmpty(tree)) {
      throw errorf("template: multiple definition of template " + GoQuote.quote(defined));
    }
  }

  private static boolean isEmpty(Node n) {
    return switch (n) {
      case ListNode l -> l.nodes().stream().allMatch(Parser::isEmpty);
      case Node.TextNode t -> t.text().isBlank();
      case Node.CommentNode c -> true;
      default -> false;
    };
  }

  private ListNode parseTop() {
    List<Node> root = new ArrayList<>();
    int rootPos = peek().pos();
    while (peek().kind() != Kind.EOF) {
      if (peek().kind() == Kind.LEFT_DELIM) {
        int mark = index;
        next();
        if (nextNonSpace().kind() == Kind.DEFINE) {
          parseDefinition();
          continue;
        }
        index = mark;
      }
      Node n = textOrAction();
      if (n instanceof Node.EndNode || n instanceof Node.ElseNode) {
        throw errorf("unexpected " + n);
      }
      root.add(n);
    }
    return new ListNode(rootPos, root);
  }

  private void parseDefinition() {
    String context = "define clause";
    Token nameToken = nextNonSpace();
    if (nameToken.kind() != Kind.STRING && nameToken.kind() != Kind.RAW_STRING) {
      throw unexpected(nameToken, context);
    }
    String defined = unquote(nameToken.text());
    expect(Kind.RIGHT_DELIM, context);
    List<String> saved = vars;
    vars = new ArrayList<>(List.of("$"));
    Result body = itemList();
    vars = saved;
    if (!(body.next instanceof Node.EndNode)) {
      throw errorf("unexpected " + body.next + " in " + context);
    }
    define(defined, body.list);
  }

  private record Result(ListNode list, Node next) {}

  private Result itemList() {
    List<Node> list = new ArrayList<>();
    int listPos = peekNonSpace().pos();
    while (peekNonSpace().kind() != Kind.EOF) {
      Node n = textOrAction();
      if (n instanceof Node.EndNode || n instanceof Node.ElseNode) {
        return new Result(new ListNode(listPos, list), n);
      }
      list.add(n);
    }
    throw errorf("unexpected EOF");
  }

  private Node textOrAction() {
    Token token = nextNonSpace();
    return switch (token.kind()) {
      case TEXT -> new Node.TextNode(token.pos(), token.text());
      case LEFT_DELIM -> {
        actionLine = token.line();
        try {
          yield action();
        } finally {
          actionLine = 0;
        }
      }
      case COMMENT -> new Node.CommentNode(token.pos(), token.text());
      default -> throw unexpected(token, "input");
    };
  }

  private Node action() {
    Token token = nextNonSpace();
    switch (token.kind()) {
      case BLOCK -> {
        return blockControl();
      }
      case BREAK, CONTINUE -> {
        return loopControl(token);
      }
      case ELSE -> {
        return elseControl();
      }
      case END -> {
        return new Node.EndNode(expect(Kind.RIGHT_DELIM, "end").pos());
      }
      case IF -> {
        return branch(Node.Branch.IF);
      }
      case RANGE -> {
        return branch(Node.Branch.RANGE);
      }
      case TEMPLATE -> {
        return templateControl();
      }
      case WITH -> {
        return branch(Node.Branch.WITH);
      }
      default -> {
        backup();
        Token first = peek();
        return new Node.ActionNode(
            first.pos(), first.line(), pipeline("command", Kind.RIGHT_DELIM));
      }
    }
  }

  private Node loopControl(Token keyword) {
    String word = keyword.text();
    Token token = nextNonSpace();
    if (token.kind() != Kind.RIGHT_DELIM) {
      throw unexpected(token, "{{" + word + "}}");
    }
    if (rangeDepth == 0) {
      throw errorf("{{" + word + "}} outside {{range}}");
    }
    return keyword.kind() == Kind.BREAK
        ? new Node.BreakNode(keyword.pos(), keyword.line())
        : new Node.ContinueNode(keyword.pos(), keyword.line());
  }

  private Node elseControl() {
    Token peek = peekNonSpace();
    // {{else if …}} and {{else with …}} (Go 1.23) leave the keyword pending for the enclosing
    // branch
    if (peek.kind() == Kind.IF || peek.kind() == Kind.WITH) {
      return new Node.ElseNode(peek.pos(), peek.line());
    }
    Token token = expect(Kind.RIGHT_DELIM, "else");
    return new Node.ElseNode(token.pos(), token.line());
  }

  private BranchNode branch(Node.Branch kind) {
    enter();
    int mark = vars.size();
    try {
      String context = kind.word();
      PipeNode pipe = pipeline(context, Kind.RIGHT_DELIM);
      if (kind == Node.Branch.RANGE) {
        rangeDepth++;
      }
      Result body = itemList();
      if (kind == Node.Branch.RANGE) {
        rangeDepth--;
      }
      ListNode elseList = null;
      if (body.next instanceof Node.ElseNode elseNode) {
        Kind chained =
            kind == Node.Branch.IF ? Kind.IF : kind == Node.Branch.WITH ? Kind.WITH : null;
        if (chained != null && peek().kind() == chained) {
          // {{if a}}x{{else if b}}y{{end}} is {{if a}}x{{else}}{{if b}}y{{end}}{{end}}: one {{end}}
          // closes both
          next();
          elseList = new ListNode(elseNode.pos(), List.of(branch(kind)));
        } else {
          Result rest = itemList();
          if (!(rest.next instanceof Node.EndNode)) {
            throw errorf("expected end; found " + rest.next);
          }
          elseList = rest.list;
        }
      }
      return new BranchNode(kind, pipe.pos(), pipe.line(), pipe, body.list, elseList);
    } finally {
      vars = new ArrayList<>(vars.subList(0, Math.min(mark, vars.size())));
      depth--;
    }
  }

  private Node templateControl() {
    String context = "template clause";
    Token token = nextNonSpace();
    String templateName = templateName(token, context);
    PipeNode pipe = null;
    if (nextNonSpace().kind() != Kind.RIGHT_DELIM) {
      backup();
      pipe = pipeline(context, Kind.RIGHT_DELIM);
    }
    return new Node.TemplateNode(token.pos(), token.line(), templateName, pipe);
  }

  private Node blockControl() {
    String context = "block clause";
    Token token = nextNonSpace();
    String blockName = templateName(token, context);
    PipeNode pipe = pipeline(context, Kind.RIGHT_DELIM);
    List<String> saved = vars;
    int savedRange = rangeDepth;
    vars = new ArrayList<>(List.of("$"));
    rangeDepth = 0;
    Result body = itemList();
    vars = saved;
    rangeDepth = savedRange;
    if (!(body.next instanceof Node.EndNode)) {
      throw errorf("unexpected " + body.next + " in " + context);
    }
    define(blockName, body.list);
    return new Node.TemplateNode(token.pos(), token.line(), blockName, pipe);
  }

  private String templateName(Token token, String context) {
    if (token.kind() == Kind.STRING || token.kind() == Kind.RAW_STRING) {
      return unquote(token.text());
    }
    throw unexpected(token, context);
  }

  private PipeNode pipeline(String context, Kind end) {
    Token first = peekNonSpace();
    List<VariableNode> decl = new ArrayList<>();
    boolean isAssign = false;
    decls:
    while (true) {
      Token v = peekNonSpace();
      if (v.kind() != Kind.VARIABLE) {
        break;
      }
      int mark = index;
      next();
      Token following = peekNonSpace();
      if (following.kind() == Kind.ASSIGN || following.kind() == Kind.DECLARE) {
        isAssign = following.kind() == Kind.ASSIGN;
        nextNonSpace();
        decl.add(new VariableNode(v.pos(), List.of(v.text())));
        vars.add(v.text());
        break;
      } else if (following.kind() == Kind.CHAR && following.text().equals(",")) {
        nextNonSpace();
        decl.add(new VariableNode(v.pos(), List.of(v.text())));
        vars.add(v.text());
        if (context.equals("range") && decl.size() < 2) {
          Kind k = peekNonSpace().kind();
          if (k == Kind.VARIABLE || k == Kind.RIGHT_DELIM || k == Kind.RIGHT_PAREN) {
            continue decls;
          }
          throw errorf("range can only initialize variables");
        }
        throw errorf("too many declarations in " + context);
      } else {
        index = mark;
        break;
      }
    }
    List<CommandNode> cmds = new ArrayList<>();
    while (true) {
      Token token = nextNonSpace();
      if (token.kind() == end) {
        checkPipeline(cmds, context);
        return new PipeNode(first.pos(), first.line(), isAssign, decl, cmds);
      }
      switch (token.kind()) {
        case BOOL,
            CHAR_CONSTANT,
            DOT,
            FIELD,
            IDENTIFIER,
            NUMBER,
            NIL,
            RAW_STRING,
            STRING,
            VARIABLE,
            LEFT_PAREN -> {
          backup();
          cmds.add(command());
        }
        default -> throw unexpected(token, context);
      }
    }
  }

  private void checkPipeline(List<CommandNode> cmds, String context) {
    if (cmds.isEmpty()) {
      throw errorf("missing value for " + context);
    }
    for (int i = 1; i < cmds.size(); i++) {
      Node first = cmds.get(i).args().getFirst();
      if (first instanceof Node.BoolNode
          || first instanceof Node.DotNode
          || first instanceof Node.NilNode
          || first instanceof Node.NumberNode
          || first instanceof Node.StringNode) {
        throw errorf("non executable command in pipeline stage " + (i + 1));
      }
    }
  }

  private CommandNode command() {
    int cmdPos = peekNonSpace().pos();
    List<Node> args = new ArrayList<>();
    while (true) {
      peekNonSpace();
      Node operand = operand();
      if (operand != null) {
        args.add(operand);
      }
      Token token = next();
      if (token.kind() == Kind.SPACE) {
        continue;
      }
      if (token.kind() == Kind.RIGHT_DELIM || token.kind() == Kind.RIGHT_PAREN) {
        backup();
      } else if (token.kind() != Kind.PIPE) {
        throw unexpected(token, "operand");
      }
      break;
    }
    if (args.isEmpty()) {
      throw errorf("empty command");
    }
    return new CommandNode(cmdPos, args);
  }

  private @Nullable Node operand() {
    Node node = term();
    if (node == null) {
      return null;
    }
    if (peek().kind() == Kind.FIELD) {
      int chainPos = peek().pos();
      List<String> fields = new ArrayList<>();
      while (peek().kind() == Kind.FIELD) {
        fields.add(next().text().substring(1));
      }
      switch (node) {
        case Node.FieldNode f -> {
          List<String> all = new ArrayList<>(f.ident());
          all.addAll(fields);
          node = new Node.FieldNode(chainPos, all);
        }
        case VariableNode v -> {
          List<String> all = new ArrayList<>(v.ident());
          all.addAll(fields);
          node = new VariableNode(chainPos, all);
        }
        case Node.BoolNode b ->
            throw errorf("unexpected . after term " + GoQuote.quote(b.toString()));
        case Node.StringNode s ->
            throw errorf("unexpected . after term " + GoQuote.quote(s.toString()));
        case Node.NumberNode n ->
            throw errorf("unexpected . after term " + GoQuote.quote(n.toString()));
        case Node.NilNode n ->
            throw errorf("unexpected . after term " + GoQuote.quote(n.toString()));
        case Node.DotNode d ->
            throw errorf("unexpected . after term " + GoQuote.quote(d.toString()));
        default -> node = new Node.ChainNode(chainPos, node, fields);
      }
    }
    return node;
  }

  private @Nullable Node term() {
    Token token = nextNonSpace();
    switch (token.kind()) {
      case IDENTIFIER -> {
        if (!functions.contains(token.text())) {
          throw errorf("function " + GoQuote.quote(token.text()) + " not defined");
        }
        return new Node.IdentifierNode(token.pos(), token.text());
      }
      case DOT -> {
        return new Node.DotNode(token.pos());
      }
      case NIL -> {
        return new Node.NilNode(token.pos());
      }
      case VARIABLE -> {
        return useVar(token);
      }
      case FIELD -> {
        return new Node.FieldNode(token.pos(), List.of(token.text().substring(1)));
      }
      case BOOL -> {
        return new Node.BoolNode(token.pos(), token.text().equals("true"));
      }
      case CHAR_CONSTANT, NUMBER -> {
        return Numbers.parse(token, this::errorf);
      }
      case LEFT_PAREN -> {
        enter();
        try {
          return pipeline("parenthesized pipeline", Kind.RIGHT_PAREN);
        } finally {
          depth--;
        }
      }
      case STRING, RAW_STRING -> {
        return new Node.StringNode(token.pos(), token.text(), unquote(token.text()));
      }
      default -> {
        backup();
        return null;
      }
    }
  }

  private Node useVar(Token token) {
    List<String> ident = Arrays.asList(token.text().split("\\.", -1));
    if (!vars.contains(ident.getFirst())) {
      throw errorf("undefined variable " + GoQuote.quote(ident.getFirst()));
    }
    return new VariableNode(token.pos(), List.copyOf(ident));
  }

  private void enter() {
    if (++depth > MAX_DEPTH) {
      throw errorf("template nests deeper than " + MAX_DEPTH + " levels");
    }
  }

  // --- token stream ---

  private Token next() {
    Token t = tokens.get(Math.min(index, tokens.size() - 1));
    if (index < tokens.size() - 1 || t.kind() != Kind.EOF && t.kind() != Kind.ERROR) {
      index++;
    } else {
      index = tokens.size();
    }
    furthest = Math.max(furthest, Math.min(index - 1, tokens.size() - 1));
    return t;
  }

  private void backup() {
    index--;
  }

  private Token peek() {
    Token t = tokens.get(Math.min(index, tokens.size() - 1));
    furthest = Math.max(furthest, Math.min(index, tokens.size() - 1));
    return t;
  }

  private Token nextNonSpace() {
    Token t;
    do {
      t = next();
    } while (t.kind() == Kind.SPACE);
    return t;
  }

  private Token peekNonSpace() {
    Token t = nextNonSpace();
    backup();
    return t;
  }

  private Token expect(Kind kind, String context) {
    Token t = nextNonSpace();
    if (t.kind() != kind) {
      throw unexpected(t, context);
    }
    return t;
  }

  private String unquote(String literal) {
    try {
      return GoQuote.unquote(literal);
    } catch (GoQuote.SyntaxError e) {
      throw errorf(e.getMessage());
    }
  }

  private TemplateException unexpected(Token token, String context) {
    if (token.kind() == Kind.ERROR) {
      String extra = "";
      if (actionLine != 0 && actionLine != token.line()) {
        extra = " in action started at " + name + ":" + actionLine;
      }
      return errorf(token.text() + extra);
    }
    return errorf("unexpected " + token + " in " + context);
  }

  /**
   * Go names only the line; the column (of the item where parsing stopped) is kept for the
   * platform's own report.
   */
  TemplateException errorf(String message) {
    Token at = tokens.get(Math.min(furthest, tokens.size() - 1));
    int pos = Math.min(at.pos(), src.length());
    int column = pos - (src.lastIndexOf('\n', pos - 1) + 1) + 1;
    return new TemplateException(
        "template: " + name + ":" + at.line() + ": " + message, at.line(), column);
  }
}
