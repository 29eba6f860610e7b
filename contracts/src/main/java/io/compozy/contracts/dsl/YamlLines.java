package io.compozy.contracts.dsl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Where each value of a YAML text is: JSON pointer → line and column (1-based), so a problem found
 * in the parsed definition can be shown where it is in the file the user wrote.
 */
public final class YamlLines {
  /** Deeper than any definition can be (Jackson refuses deeper documents before this runs). */
  static final int MAX_DEPTH = 1000;

  private final Map<String, int[]> lines = new HashMap<>();
  private final List<String> aliases = new ArrayList<>();

  /** Alias pointer → the pointer of the anchored node it names, in document order. */
  private final LinkedHashMap<String, String> aliasTargets = new LinkedHashMap<>();

  private final Map<Node, String> firstPointer = new IdentityHashMap<>();
  private @Nullable String unreadable;

  /**
   * Nodes already walked: an alias names a node walked where its anchor is (so a node that contains
   * an alias of itself, {@code &a [*a]}, is not walked forever, and aliases of aliases cost one
   * walk each, not one per path).
   */
  private final Set<Node> walked = Collections.newSetFromMap(new IdentityHashMap<>());

  private YamlLines() {}

  /** The lines of {@code text}; empty when it is not YAML (the parser reports that itself). */
  public static YamlLines of(String text) {
    YamlLines out = new YamlLines();
    try {
      new Compose(LoadSettings.builder().setMaxAliasesForCollections(100).build())
          .composeString(text)
          .ifPresent(root -> out.walk(root, "", 0));
    } catch (RuntimeException e) {
      // no lines to give; what the reader says is kept for those who parsed it another way
      out.unreadable =
          e.getMessage() == null
              ? e.getClass().getSimpleName()
              : e.getMessage().lines().findFirst().orElse("");
    }
    return out;
  }

  private void walk(Node node, String pointer, int depth) {
    if (depth > MAX_DEPTH) {
      return; // its lines fall back to the nearest parent's
    }
    if (!walked.add(node)) {
      aliases.add(pointer);
      aliasTargets.put(pointer, firstPointer.get(node));
      return;
    }
    firstPointer.put(node, pointer);
    node.getStartMark()
        .ifPresent(m -> lines.putIfAbsent(pointer, new int[] {m.getLine() + 1, m.getColumn() + 1}));
    switch (node) {
      case MappingNode map -> {
        for (NodeTuple t : map.getValue()) {
          if (t.getKeyNode() instanceof ScalarNode key) {
            String child = pointer + "/" + key.getValue().replace("~", "~0").replace("/", "~1");
            // the key's line: a block value starts on the next line
            key.getStartMark()
                .ifPresent(m -> lines.put(child, new int[] {m.getLine() + 1, m.getColumn() + 1}));
            walk(t.getValueNode(), child, depth + 1);
          }
        }
      }
      case SequenceNode seq -> {
        for (int i = 0; i < seq.getValue().size(); i++) {
          walk(seq.getValue().get(i), pointer + "/" + i, depth + 1);
        }
      }
      default -> {}
    }
  }

  /**
   * Where the text uses an alias ({@code *name}) of a mapping or a sequence. Jackson's YAML reader
   * reads such an alias as the anchor's name, a string; {@link YamlAliases} puts the anchored value
   * there instead.
   */
  public List<String> aliases() {
    return List.copyOf(aliases);
  }

  /** Each alias's pointer and the pointer of the value it names, in document order. */
  public Map<String, String> aliasTargets() {
    return Collections.unmodifiableMap(aliasTargets);
  }

  /** Why the text could not be read as YAML (for example more aliases than allowed), or null. */
  public @Nullable String unreadable() {
    return unreadable;
  }

  /**
   * The line of the value at {@code pointer}, or of its nearest parent that is in the text; 0 when
   * none.
   */
  public int lineOf(String pointer) {
    return position(pointer)[0];
  }

  /** The column of the value at {@code pointer}, as {@link #lineOf} finds its line; 0 when none. */
  public int columnOf(String pointer) {
    return position(pointer)[1];
  }

  /**
   * {@code :line:column} of the value at {@code pointer} (or its nearest parent in the text), empty
   * when none.
   */
  public String at(String pointer) {
    int[] p = position(pointer);
    return p[0] == 0 ? "" : ":" + p[0] + ":" + p[1];
  }

  private int[] position(String pointer) {
    String p = pointer;
    while (true) {
      int[] found = lines.get(p);
      if (found != null) {
        return found;
      }
      if (p.isEmpty()) {
        return new int[] {0, 0};
      }
      p = p.substring(0, p.lastIndexOf('/'));
    }
  }

  /** {@code /tasks/2/routes/x} as users read it: {@code tasks[2].routes.x}. */
  public static String readable(String pointer) {
    StringBuilder out = new StringBuilder();
    for (String part : pointer.split("/")) {
      if (part.isEmpty()) {
        continue;
      }
      String name = part.replace("~1", "/").replace("~0", "~");
      if (name.chars().allMatch(Character::isDigit)) {
        out.append('[').append(name).append(']');
      } else {
        out.append(out.isEmpty() ? "" : ".").append(name);
      }
    }
    return out.toString();
  }
}
