package io.compozy.contracts.dsl;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Does no work: renders {@code outputs} from earlier tasks. */
public record AggregateTask(
    String id,
    @Nullable String type,
    @Nullable Map<String, Object> with,
    @Nullable Map<String, Object> outputs,
    @Nullable Transition onSuccess,
    @Nullable Transition onError,
    @JsonProperty("final") @Nullable Boolean isFinal)
    implements TaskDef {}
