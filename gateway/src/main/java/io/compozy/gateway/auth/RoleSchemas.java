package io.compozy.gateway.auth;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * The {@code role} of keys and users in the document is the closed set of {@link Role}s, though the
 * records carry it as text: the handlers read it themselves, so that a wrong one is answered with a
 * problem naming the field rather than a parse error.
 */
@Component
class RoleSchemas implements OpenApiCustomizer {
  static final List<String> WIRE_NAMES = Arrays.stream(Role.values()).map(Role::wireName).toList();

  @Override
  public void customise(OpenAPI api) {
    if (api.getComponents() == null || api.getComponents().getSchemas() == null) {
      return;
    }
    for (Schema<?> schema : api.getComponents().getSchemas().values()) {
      if (schema.getProperties() != null
          && schema.getProperties().get("role") instanceof Schema<?> role) {
        @SuppressWarnings("unchecked")
        Schema<Object> values = (Schema<Object>) role;
        List<Object> allowed = new ArrayList<>(WIRE_NAMES);
        if (values.getTypes() != null && values.getTypes().contains("null")) {
          allowed.add(null); // a key without a role of its own has its user's
        }
        values.setEnum(allowed);
      }
    }
  }
}
