package io.wlabridge.api;

import java.util.Locale;

/** What a caller does to a topic; {@link TopicPermissions} grants each per topic glob. */
public enum ApiOperation {
    PRODUCE, CONSUME, CREATE, METADATA;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
