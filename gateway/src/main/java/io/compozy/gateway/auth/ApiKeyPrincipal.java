package io.compozy.gateway.auth;

/** Who a verified API key speaks for: the user, the key's effective role, and the key. */
public record ApiKeyPrincipal(String userId, Role role, String keyId) {}
