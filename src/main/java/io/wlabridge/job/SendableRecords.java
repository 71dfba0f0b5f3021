package io.wlabridge.job;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;

/**
 * Gathers a chunk's serialised records into one list for the Kafka producer (bean {@code wlaSendableRecords}).
 * Records the rule did not select are counted as filtered; dead-lettered ones (an exception was caught and
 * handled) were sent to the dead-letter topic already and are left out. A failure that was not handled (the run
 * failed) is passed on so the run stops. A record matching none of these stops the run: nothing is dropped silently.
 */
public final class SendableRecords implements AggregationStrategy {

    /** Where the template's rule filter stores whether it selected the record (its statusPropertyName). */
    public static final String SELECTED_PROPERTY = "wlaSelected";

    @Override
    public Exchange aggregate(Exchange collected, Exchange record) {
        Exchange result = collected;
        if (result == null) {
            result = new DefaultExchange(record.getContext());
            result.getMessage().setBody(new ArrayList<Exchange>());
        }
        if (record.getException() != null) {
            result.setException(record.getException());
        } else if (!Boolean.TRUE.equals(record.getProperty(SELECTED_PROPERTY, Boolean.class))) {
            if (Boolean.FALSE.equals(record.getProperty(SELECTED_PROPERTY, Boolean.class))) {
                JobSteps.run(record).countFiltered();
            }
            // else: rejected before the rule ran and already dead-lettered
        } else if (record.getProperty(Exchange.EXCEPTION_CAUGHT) == null) {
            byte[] value = record.getMessage().getBody(byte[].class);
            if (value == null) {
                result.setException(new IllegalStateException("record " + record.getMessage().getHeader(JobSteps.EVENT_ID_HEADER)
                        + " was selected but not serialised: the template must marshal it with wlaAvro"));
            } else {
                record.getMessage().setBody(value);
                @SuppressWarnings("unchecked")
                List<Exchange> records = result.getMessage().getBody(List.class);
                records.add(record);
            }
        }
        return result;
    }
}
