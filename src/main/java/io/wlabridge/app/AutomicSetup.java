package io.wlabridge.app;

import java.time.Duration;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;

import io.wlabridge.automic.AutomicClient;
import io.wlabridge.automic.AutomicLedger;
import io.wlabridge.automic.AutomicSteps;
import io.wlabridge.automic.AutomicTrigger;
import io.wlabridge.automic.EventDecoder;
import io.wlabridge.automic.TriggerCatalog;
import io.wlabridge.config.ConfigException;
import io.wlabridge.config.Settings;
import io.wlabridge.config.WlaOptions;
import io.wlabridge.registry.RegistryAvroDataFormat;

/**
 * The trigger jobs' wiring (template wla-automic-trigger): bean {@code automicSteps} with the Automic connection from
 * {@code wla.automic.*}. Trigger jobs consume only in the service; one-shot commands (run, check, demo, ...) load
 * and check them but do not start them.
 */
public final class AutomicSetup {

    private AutomicSetup() {
    }

    public static void configure(CamelContext context, Settings settings, TriggerCatalog catalog, DataSource dataSource,
            RegistryAvroDataFormat avro, boolean service) {
        boolean anyStarts = false;
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        for (AutomicTrigger trigger : catalog.triggers()) {
            if (!service) {
                RouteDefinition route = model.getRouteDefinition(trigger.jobId());
                if (route != null) {
                    route.setAutoStartup("false");
                }
            } else if (trigger.autoStartup()) {
                anyStarts = true;
            }
        }
        String user = settings.get(WlaOptions.AUTOMIC_USER);
        if (anyStarts && user.isEmpty()) {
            throw new ConfigException(WlaOptions.AUTOMIC_USER.name() + " is not set but trigger jobs "
                    + catalog.triggers().stream().filter(AutomicTrigger::autoStartup).map(AutomicTrigger::jobId).toList()
                    + " start Automic executions: " + WlaOptions.AUTOMIC_USER.doc());
        }
        AutomicClient client = new AutomicClient(user, settings.get(WlaOptions.AUTOMIC_PASSWORD),
                Duration.ofMillis(settings.getLong(WlaOptions.AUTOMIC_TIMEOUT_MS)));
        EventDecoder decoder = new EventDecoder(bytes -> {
            try {
                return (org.apache.avro.generic.GenericRecord) avro.unmarshal(null, bytes);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        context.getRegistry().bind("automicSteps", new AutomicSteps(catalog, decoder, client, new AutomicLedger(dataSource),
                settings.getInt(WlaOptions.AUTOMIC_RETRIES)));
    }
}
