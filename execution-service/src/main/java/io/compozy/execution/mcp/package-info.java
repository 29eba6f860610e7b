/**
 * MCP servers: one shared, reconnecting client per server per instance (stdio, SSE, streamable
 * HTTP, with the MCP Java SDK), their tools listed for agents and called for them, and {@code GET
 * /mcps/{id}/tools}.
 */
@NullMarked
package io.compozy.execution.mcp;

import org.jspecify.annotations.NullMarked;
