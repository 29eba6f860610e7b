package io.compozy.contracts.dsl;

import io.compozy.contracts.json.Json;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Resolves a model reference as DSL.md writes it: absent (the project's default model, or its only
 * one), {@code provider:model}, a model id of the project, or an inline model.
 */
public final class ModelRefs {
  private ModelRefs() {}

  public static Optional<ModelDef> resolve(@Nullable Object ref, List<ModelDef> models) {
    if (ref == null) {
      Optional<ModelDef> def =
          models.stream().filter(m -> Boolean.TRUE.equals(m.isDefault())).findFirst();
      return def.isPresent() || models.size() != 1 ? def : Optional.of(models.getFirst());
    }
    if (ref instanceof Map<?, ?> inline) {
      return Optional.of(Json.MAPPER.convertValue(inline, ModelDef.class));
    }
    String name = ref.toString();
    Optional<ModelDef> byId = models.stream().filter(m -> name.equals(m.id())).findFirst();
    if (byId.isPresent()) {
      return byId;
    }
    int colon = name.indexOf(':');
    if (colon > 0 && colon < name.length() - 1) {
      String provider = name.substring(0, colon);
      String model = name.substring(colon + 1);
      // the project's settings for that provider and model (key, url, params) apply when declared
      return models.stream()
          .filter(m -> m.provider().equals(provider) && m.model().equals(model))
          .findFirst()
          .or(() -> Optional.of(ModelDef.of(provider, model)));
    }
    return Optional.empty();
  }
}
