package io.wlabridge.job;

import io.wlabridge.config.ConfigException;

/** A job's YAML, query or schema do not fit together; the run fails (no record could be sent) and escalates. */
public class JobConfigurationException extends ConfigException {

    public JobConfigurationException(String message) {
        super(message);
    }
}
