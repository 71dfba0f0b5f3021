package io.wlabridge.job;

import java.util.Locale;

import io.wlabridge.config.ConfigException;
import io.wlabridge.config.WlaOptions;

/** How a job's records reach Kafka (wla.delivery.guarantee); see docs in README "Delivery guarantee". */
public enum DeliveryGuarantee {
    /**
     * Kafka transactions: a chunk's events, its dead letters and the ledger record naming the events commit together;
     * a crash anywhere leaves all or none of them visible to read_committed consumers.
     */
    EXACTLY_ONCE,
    /** Idempotent producer, the sent ledger written after Kafka's acknowledgement: a crash between the two resends. */
    AT_LEAST_ONCE;

    public static DeliveryGuarantee parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "exactly-once" -> EXACTLY_ONCE;
            case "at-least-once" -> AT_LEAST_ONCE;
            default -> throw new ConfigException(WlaOptions.DELIVERY_GUARANTEE.name() + " is '" + text
                    + "' but must be exactly-once or at-least-once");
        };
    }

    public String text() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
