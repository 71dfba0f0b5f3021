package io.wlabridge.app;

import org.apache.camel.CamelContext;

import io.wlabridge.config.ConfigException;
import io.wlabridge.config.Settings;
import io.wlabridge.config.WlaOptions;
import io.wlabridge.job.DeliveryGuarantee;
import io.wlabridge.job.RecordSender;
import io.wlabridge.job.RecordSpool;
import io.wlabridge.job.SentLedger;
import io.wlabridge.kafka.AdminProperties;
import io.wlabridge.kafka.ClientProperties;

/** The jobs' way to Kafka (bean {@code recordSender}) from wla.delivery.* and the bridge's Kafka connection. */
public final class DeliverySetup {

    private DeliverySetup() {
    }

    public static RecordSender sender(CamelContext context, Settings settings, SentLedger ledger, RecordSpool spool) {
        int transactionRecords = settings.getInt(WlaOptions.DELIVERY_TRANSACTION_RECORDS);
        if (transactionRecords < 1) {
            throw new ConfigException(WlaOptions.DELIVERY_TRANSACTION_RECORDS.name() + " is " + transactionRecords
                    + " but must be at least 1: " + WlaOptions.DELIVERY_TRANSACTION_RECORDS.doc());
        }
        // the ledger topic is looked up (or created) at run start: within the time a send may wait for metadata
        int adminTimeoutSeconds = Math.max(1, settings.getInt(WlaOptions.KAFKA_MAX_BLOCK_MS) / 1000);
        return new RecordSender(guarantee(settings), ClientProperties.producer(context, "wla-job"),
                ClientProperties.consumer(context, "wla-ledger"), AdminProperties.of(context, adminTimeoutSeconds), ledger,
                spool, transactionRecords, settings.get(WlaOptions.DELIVERY_TRANSACTIONAL_ID_PREFIX),
                settings.getLong(WlaOptions.DELIVERY_LEDGER_RETENTION_MS));
    }

    public static DeliveryGuarantee guarantee(Settings settings) {
        return DeliveryGuarantee.parse(settings.get(WlaOptions.DELIVERY_GUARANTEE));
    }
}
