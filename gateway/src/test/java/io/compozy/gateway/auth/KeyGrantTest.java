package io.compozy.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.compozy.support.problem.ApiProblem;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class KeyGrantTest {
  private static final Instant IN_A_DAY = Instant.parse("2030-01-02T00:00:00Z");
  private static final Instant IN_A_WEEK = Instant.parse("2030-01-08T00:00:00Z");

  private static ApiKeyPrincipal key(Role role) {
    return new ApiKeyPrincipal("u1", role, "key_1", null, null);
  }

  private static KeyGrant.Request asking(Role role) {
    return new KeyGrant.Request(role, null, null, false);
  }

  @Test
  void aKeyGrantsAtMostItsOwnRoleWhateverItsUsersRole() {
    for (Role user : Role.values()) {
      for (Role caller : Role.values()) {
        if (!user.covers(caller)) {
          continue;
        }
        for (Role asked : Role.values()) {
          var request = asking(asked);
          if (caller.covers(asked)) {
            assertThat(KeyGrant.grant(key(caller), user, request).role()).isEqualTo(asked);
          } else {
            assertThatThrownBy(() -> KeyGrant.grant(key(caller), user, request))
                .as("a %s key of a %s user asking for %s", caller, user, asked)
                .isInstanceOf(ApiProblem.class)
                .hasMessageContaining("more than its own role");
          }
        }
        assertThat(
                KeyGrant.grant(key(caller), user, new KeyGrant.Request(null, null, null, false))
                    .role())
            .as("omitted role: the calling key's")
            .isEqualTo(caller);
      }
    }
  }

  @Test
  void aKeyCannotOutliveTheKeyThatCreatesIt() {
    var caller = new ApiKeyPrincipal("u1", Role.ADMIN, "key_1", null, IN_A_DAY);
    assertThat(KeyGrant.grant(caller, Role.ADMIN, asking(Role.READ)).expiresAt())
        .isEqualTo(IN_A_DAY);
    assertThatThrownBy(
            () ->
                KeyGrant.grant(
                    caller, Role.ADMIN, new KeyGrant.Request(Role.READ, IN_A_WEEK, null, false)))
        .isInstanceOf(ApiProblem.class)
        .hasMessageContaining("outlive");
    var unexpiring = key(Role.ADMIN);
    assertThat(
            KeyGrant.grant(
                    unexpiring, Role.ADMIN, new KeyGrant.Request(Role.READ, IN_A_WEEK, null, false))
                .expiresAt())
        .isEqualTo(IN_A_WEEK);
  }

  @Test
  void aRateLimitedKeyGrantsAtMostItsOwnRate() {
    var own = new ApiKeyPrincipal.RateOverride(5, 10);
    var caller = new ApiKeyPrincipal("u1", Role.ADMIN, "key_1", own, null);
    assertThat(KeyGrant.grant(caller, Role.ADMIN, asking(Role.READ)).rate()).isEqualTo(own);
    assertThatThrownBy(
            () ->
                KeyGrant.grant(
                    caller,
                    Role.ADMIN,
                    new KeyGrant.Request(
                        Role.READ, null, new ApiKeyPrincipal.RateOverride(50, 10), false)))
        .isInstanceOf(ApiProblem.class)
        .hasMessageContaining("higher rate limit");
    assertThatThrownBy(
            () ->
                KeyGrant.grant(
                    caller,
                    Role.ADMIN,
                    new KeyGrant.Request(
                        Role.READ, null, new ApiKeyPrincipal.RateOverride(5, 11), false)))
        .isInstanceOf(ApiProblem.class);
    assertThat(
            KeyGrant.grant(
                    caller,
                    Role.ADMIN,
                    new KeyGrant.Request(
                        Role.READ, null, new ApiKeyPrincipal.RateOverride(1, 2), false))
                .rate())
        .isEqualTo(new ApiKeyPrincipal.RateOverride(1, 2));
  }

  @Test
  void onlyAnAdminKeyCreatesKeysForOthersOrSetsRates() {
    for (Role caller : new Role[] {Role.READ, Role.WRITE}) {
      assertThatThrownBy(
              () ->
                  KeyGrant.grant(
                      key(caller), Role.ADMIN, new KeyGrant.Request(null, null, null, true)))
          .isInstanceOf(ApiProblem.class)
          .hasMessageContaining("another user");
      assertThatThrownBy(
              () ->
                  KeyGrant.grant(
                      key(caller),
                      Role.ADMIN,
                      new KeyGrant.Request(
                          null, null, new ApiKeyPrincipal.RateOverride(1, 1), false)))
          .isInstanceOf(ApiProblem.class)
          .hasMessageContaining("rate_limit");
    }
    assertThat(
            KeyGrant.grant(
                    key(Role.ADMIN), Role.WRITE, new KeyGrant.Request(null, null, null, true))
                .role())
        .as("an admin's key for another user follows that user's role")
        .isNull();
    assertThatThrownBy(
            () ->
                KeyGrant.grant(
                    key(Role.ADMIN),
                    Role.WRITE,
                    new KeyGrant.Request(Role.ADMIN, null, null, true)))
        .isInstanceOf(ApiProblem.class)
        .hasMessageContaining("its user's role");
  }

  @Test
  void aKeyRevokesItselfOrWeakerKeysOfItsUserAndOnlyAnAdminKeyOthersKeys() {
    var read = key(Role.READ);
    assertThat(KeyGrant.mayRevoke(read, "key_1", "u1", Role.READ)).isTrue();
    assertThat(KeyGrant.mayRevoke(read, "key_2", "u1", Role.READ)).isTrue();
    assertThat(KeyGrant.mayRevoke(read, "key_2", "u1", Role.ADMIN)).isFalse();
    assertThat(KeyGrant.mayRevoke(key(Role.WRITE), "key_2", "u2", Role.READ)).isFalse();
    assertThat(KeyGrant.mayRevoke(key(Role.ADMIN), "key_2", "u2", Role.ADMIN)).isTrue();
  }
}
