package io.compozy.execution.role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.compozy.support.settings.SettingRefusedException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecutionRolesTest {
  @Test
  void bothRolesUnlessToldOtherwise() {
    assertThat(new ExecutionRoles(List.of()).roles())
        .containsExactlyInAnyOrder(ExecutionRole.API, ExecutionRole.WORKERS);
    assertThat(new ExecutionRoles(List.of("workers")).api()).isFalse();
    assertThat(new ExecutionRoles(List.of(" API ")).workers()).isFalse();
  }

  @Test
  void anUnknownRoleIsRefusedNamingTheSetting() {
    assertThatThrownBy(() -> new ExecutionRoles(List.of("api", "cooks")))
        .isInstanceOf(SettingRefusedException.class)
        .hasMessage("compozy.execution.roles: 'cooks' is not a role (api, workers, or both)");
  }
}
