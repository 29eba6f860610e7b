package io.compozy.execution.role;

import io.compozy.support.settings.SettingRefusedException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code compozy.execution.roles} ({@code COMPOZY_EXECUTION_ROLES}): {@code api}, {@code workers},
 * or both (the default). Listeners start by it ({@code autoStartup =
 * "#{executionRoles.workers()}"}); {@link ApiRoleFilter} answers the API's paths on an instance
 * without the API.
 */
public final class ExecutionRoles {
  public static final String BEAN = "executionRoles";
  private final Set<ExecutionRole> roles;

  public ExecutionRoles(List<String> roles) {
    Set<ExecutionRole> parsed = EnumSet.noneOf(ExecutionRole.class);
    for (String role : roles == null || roles.isEmpty() ? List.of("api", "workers") : roles) {
      try {
        parsed.add(ExecutionRole.valueOf(role.strip().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new SettingRefusedException(
            "compozy.execution.roles: '" + role + "' is not a role (api, workers, or both)");
      }
    }
    this.roles = Set.copyOf(parsed);
  }

  public boolean api() {
    return roles.contains(ExecutionRole.API);
  }

  public boolean workers() {
    return roles.contains(ExecutionRole.WORKERS);
  }

  public Set<ExecutionRole> roles() {
    return roles;
  }
}
