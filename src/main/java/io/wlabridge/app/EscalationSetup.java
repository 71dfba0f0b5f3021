package io.wlabridge.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.component.mail.MailComponent;

import io.wlabridge.config.ConfigException;
import io.wlabridge.config.Settings;
import io.wlabridge.config.WlaOptions;
import io.wlabridge.job.EscalationSpec;
import io.wlabridge.job.JobCatalog;
import io.wlabridge.ops.IncidentChannels;
import io.wlabridge.ops.Incidents;
import io.wlabridge.ops.Spool;

/** The escalation channels (webhook, e-mail) and the spool, from wla.escalation.* and wla.spool.*. */
public final class EscalationSetup {

    private EscalationSetup() {
    }

    public static IncidentChannels channels(CamelContext context, Settings settings, JobCatalog catalog, Incidents incidents) {
        String url = settings.get(WlaOptions.ESCALATION_WEBHOOK_URL);
        if (!url.isEmpty()) {
            EscalationSpec.checkedUrl(url, WlaOptions.ESCALATION_WEBHOOK_URL.name());
        }
        IncidentChannels.Webhook webhook = new IncidentChannels.Webhook(url.isEmpty() ? null : url,
                settings.get(WlaOptions.ESCALATION_WEBHOOK_TOKEN), Math.max(0, settings.getInt(WlaOptions.ESCALATION_WEBHOOK_RETRIES)),
                Duration.ofMillis(settings.getLong(WlaOptions.ESCALATION_WEBHOOK_BACKOFF_MS)),
                Duration.ofMillis(settings.getLong(WlaOptions.ESCALATION_WEBHOOK_TIMEOUT_MS)));
        return new IncidentChannels(context, catalog, incidents, webhook, mail(context, settings),
                settings.get(WlaOptions.ESCALATION_LINK_URL));
    }

    /** camel-mail with the credentials on the component, so the endpoint URI (shown in JMX) carries none. */
    private static IncidentChannels.Mail mail(CamelContext context, Settings settings) {
        List<String> to = Arrays.stream(settings.get(WlaOptions.ESCALATION_MAIL_TO).split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        String host = settings.get(WlaOptions.ESCALATION_SMTP_HOST);
        String from = settings.get(WlaOptions.ESCALATION_MAIL_FROM);
        if (host.isEmpty()) {
            return new IncidentChannels.Mail(null, from, to);
        }
        String protocol = settings.get(WlaOptions.ESCALATION_SMTP_PROTOCOL);
        if (!protocol.equals("smtp") && !protocol.equals("smtps")) {
            throw new ConfigException(WlaOptions.ESCALATION_SMTP_PROTOCOL.name() + " is '" + protocol
                    + "' but must be smtp or smtps");
        }
        int port = settings.getInt(WlaOptions.ESCALATION_SMTP_PORT);
        MailComponent component = context.getComponent(protocol, MailComponent.class);
        String user = settings.get(WlaOptions.ESCALATION_SMTP_USERNAME);
        if (!user.isEmpty()) {
            component.getConfiguration().setUsername(user);
            component.getConfiguration().setPassword(settings.get(WlaOptions.ESCALATION_SMTP_PASSWORD));
        }
        component.getConfiguration().setConnectionTimeout(10_000);
        return new IncidentChannels.Mail(protocol + "://" + host + ":" + port, from, to);
    }

    public static Spool spool(Settings settings) {
        return new Spool(Path.of(settings.get(WlaOptions.SPOOL_DIR)));
    }
}
