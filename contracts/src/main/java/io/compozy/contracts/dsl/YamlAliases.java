package io.compozy.contracts.dsl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * YAML anchors, aliases and merge keys ({@code <<: *base}), as Compozy's YAML reader honours them:
 * each alias of a mapping or list gets a copy of the anchored value, then merge keys add the merged
 * mappings' entries that the mapping does not set itself. Bounded: aliases may not expand the
 * document past {@link #MAX_VALUES} values (a "billion laughs" file is refused, not expanded).
 */
public final class YamlAliases {
  static final int MAX_VALUES = 100_000;
  private static final String MERGE = "<<";

  private YamlAliases() {}

  /**
   * Thrown when aliases would expand the document past the bound, or name a value that holds them.
   */
  public static final class TooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLarge() {
      this("YAML aliases expand this file to more than " + MAX_VALUES + " values");
    }

    TooLarge(String message) {
      super(message, null, false, false);
    }
  }

  /** The tree with its aliases replaced by what they name and its merge keys applied. */
  public static JsonNode resolve(JsonNode tree, Map<String, String> aliasTargets) {
    if (aliasTargets.isEmpty() && !hasMergeKey(tree, 0)) {
      return tree;
    }
    JsonNode root = tree.deepCopy();
    int[] budget = {MAX_VALUES - count(root, MAX_VALUES)};
    for (Map.Entry<String, String> alias : aliasTargets.entrySet()) {
      if (alias.getValue() != null && (alias.getKey() + "/").startsWith(alias.getValue() + "/")) {
        throw new TooLarge(
            "the YAML alias at "
                + YamlLines.readable(alias.getKey())
                + " names a value that contains it");
      }
      JsonNode target = alias.getValue() == null ? null : at(root, alias.getValue());
      if (target == null) {
        continue;
      }
      budget[0] -= count(target, budget[0] + 1);
      if (budget[0] < 0) {
        throw new TooLarge();
      }
      root = replace(root, alias.getKey(), target.deepCopy());
    }
    merge(root, 0);
    return root;
  }

  private static int count(JsonNode node, int limit) {
    int n = 1;
    for (JsonNode child : node.values()) {
      if (n > limit) {
        return n;
      }
      n += count(child, limit - n);
    }
    return n;
  }

  private static JsonNode at(JsonNode root, String pointer) {
    JsonNode n = root.at(pointer.isEmpty() ? "" : pointer);
    return n.isMissingNode() ? null : n;
  }

  private static JsonNode replace(JsonNode root, String pointer, JsonNode value) {
    if (pointer.isEmpty()) {
      return value;
    }
    int slash = pointer.lastIndexOf('/');
    JsonNode parent = root.at(pointer.substring(0, slash));
    String last = pointer.substring(slash + 1).replace("~1", "/").replace("~0", "~");
    if (parent instanceof ObjectNode o) {
      o.set(last, value);
    } else if (parent instanceof ArrayNode a) {
      a.set(Integer.parseInt(last), value);
    }
    return root;
  }

  private static boolean hasMergeKey(JsonNode node, int depth) {
    if (depth > YamlLines.MAX_DEPTH) {
      return false;
    }
    if (node.isObject() && node.has(MERGE)) {
      return true;
    }
    for (JsonNode child : node.values()) {
      if (hasMergeKey(child, depth + 1)) {
        return true;
      }
    }
    return false;
  }

  private static void merge(JsonNode node, int depth) {
    if (depth > YamlLines.MAX_DEPTH) {
      return;
    }
    for (JsonNode child : node.values()) {
      merge(child, depth + 1);
    }
    if (node instanceof ObjectNode o && o.has(MERGE)) {
      JsonNode merged = o.remove(MERGE);
      List<JsonNode> sources = new ArrayList<>();
      if (merged.isArray()) {
        merged.values().forEach(sources::add);
      } else {
        sources.add(merged);
      }
      for (JsonNode source : sources) {
        if (source instanceof ObjectNode from) {
          for (Map.Entry<String, JsonNode> e : from.properties()) {
            if (!o.has(e.getKey())) {
              o.set(e.getKey(), e.getValue().deepCopy());
            }
          }
        }
      }
    }
  }
}
