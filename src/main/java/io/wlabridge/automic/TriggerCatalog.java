package io.wlabridge.automic;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.CamelContext;

import io.wlabridge.config.ConfigException;
import io.wlabridge.job.JobCatalog;
import io.wlabridge.job.TemplateParameters;

/**
 * The trigger jobs of this instance (every route made from the {@code wla-automic-trigger} template), checked before
 * anything starts; their ids must differ from each other and from the scheduled jobs'.
 */
public final class TriggerCatalog {

    private final Map<String, AutomicTrigger> triggers;

    private TriggerCatalog(Map<String, AutomicTrigger> triggers) {
        this.triggers = Collections.unmodifiableMap(triggers);
    }

    /** Reads the trigger jobs among the context's route definitions (after routes are loaded, before start). */
    public static TriggerCatalog load(CamelContext context, JobCatalog jobs) {
        Map<String, AutomicTrigger> read = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        jobs.jobs().forEach(job -> sources.put(job.jobId(), job.source()));
        for (TemplateParameters p : TemplateParameters.of(context, AutomicTrigger.TEMPLATE_ID)) {
            String other = sources.putIfAbsent(p.jobId(), p.source());
            if (other != null) {
                throw p.error("jobId is used by " + other + " too: give each job its own id");
            }
            read.put(p.jobId(), AutomicTriggers.read(context, p));
        }
        return new TriggerCatalog(read);
    }

    /** The trigger jobs (template wla-automic-trigger). */
    public Collection<AutomicTrigger> triggers() {
        return triggers.values();
    }

    public boolean contains(String jobId) {
        return triggers.containsKey(jobId);
    }

    public AutomicTrigger trigger(String jobId) {
        AutomicTrigger trigger = triggers.get(jobId);
        if (trigger == null) {
            throw new ConfigException("no trigger job '" + jobId + "': known trigger jobs are " + triggers.keySet()
                    + " (routes/*.camel.yaml)");
        }
        return trigger;
    }
}
