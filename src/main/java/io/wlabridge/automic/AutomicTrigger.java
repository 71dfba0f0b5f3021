package io.wlabridge.automic;

import java.net.URI;

/**
 * A trigger job as its YAML file declares it (the parameters of the {@code wla-automic-trigger} route template),
 * checked.
 *
 * @param jobId           the route id and the key of the executions it started
 * @param source          the file the job was loaded from, for error messages
 * @param topic           the topic it consumes
 * @param groupId         its Kafka consumer group
 * @param executions      {@code {automicUrl}/ae/api/v1/{client}/executions}, or null when the trigger does not start
 *                        with the bridge and no URL is configured
 * @param objectName      the Automic object it starts
 * @param alias           alias of the executions (empty: none)
 * @param inputs          event fields to PromptSet inputs
 * @param deadLetterWhenUnavailable whether an event is dead-lettered (true) or waited on (false) once Automic stayed
 *                        unavailable through the retries
 * @param autoStartup     whether it starts with the service
 */
public record AutomicTrigger(String jobId, String source, String topic, String groupId, URI executions,
        String objectName, String alias, InputMapping inputs, boolean deadLetterWhenUnavailable, boolean autoStartup) {

    /** The template every trigger job uses (src/main/resources/camel/automic-trigger-template.camel.yaml). */
    public static final String TEMPLATE_ID = "wla-automic-trigger";

    public String deadLetterTopic() {
        return topic + ".automic.dlq";
    }
}
