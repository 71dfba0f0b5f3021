package io.wlabridge.registry;

import java.util.List;

/** Answer of a compatibility test; {@code messages} is empty unless asked for verbosely and incompatible. */
public record CompatibilityResult(boolean compatible, List<String> messages) {

    public CompatibilityResult {
        messages = List.copyOf(messages);
    }
}
