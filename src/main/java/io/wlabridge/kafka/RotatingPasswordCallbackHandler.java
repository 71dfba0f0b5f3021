package io.wlabridge.kafka;

import java.util.List;
import java.util.Map;

import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;

import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;
import org.apache.kafka.common.security.scram.ScramExtensionsCallback;

/**
 * Kafka's {@code sasl.client.callback.handler.class} for PLAIN and SCRAM: answers the SASL client with the user of
 * {@code sasl.jaas.config} and its current password ({@link RotatedCredentials}), so a password rotated in Key Vault is
 * used by the next login. Kafka's own handler reads the password the login module stored at start, once.
 */
public final class RotatingPasswordCallbackHandler implements AuthenticateCallbackHandler {

    private String username;
    private String configuredPassword;

    @Override
    public void configure(Map<String, ?> configs, String saslMechanism, List<AppConfigurationEntry> jaasConfigEntries) {
        Map<String, ?> options = jaasConfigEntries.get(0).getOptions();
        username = (String) options.get("username");
        configuredPassword = (String) options.get("password");
    }

    @Override
    public void handle(Callback[] callbacks) throws UnsupportedCallbackException {
        for (Callback callback : callbacks) {
            if (callback instanceof NameCallback name) {
                name.setName(username);
            } else if (callback instanceof PasswordCallback password) {
                password.setPassword(RotatedCredentials.saslPassword(username, configuredPassword).toCharArray());
            } else if (callback instanceof ScramExtensionsCallback) {
                // no SCRAM extensions: the callback's default (none) stands
            } else {
                throw new UnsupportedCallbackException(callback, "not a PLAIN or SCRAM client callback");
            }
        }
    }

    @Override
    public void close() {
        // nothing held
    }
}
