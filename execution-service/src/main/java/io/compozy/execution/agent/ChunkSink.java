package io.compozy.execution.agent;

/** Where the text of a model's answer goes while it arrives (the SSE readers of the execution). */
@FunctionalInterface
interface ChunkSink {
  ChunkSink NONE = (index, text) -> {};

  void text(int index, String text);
}
