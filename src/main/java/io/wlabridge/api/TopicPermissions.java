package io.wlabridge.api;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import io.wlabridge.config.ConfigException;

/**
 * Which groups, app roles or clients may do which operation on which topics, from {@code wla.api.permissions}:
 * rules {@code <operation>:<topic-glob>=<grant>[,<grant>...]} separated by {@code ;}, a grant being a group or role
 * value, or {@code client:<client-id>} (the token's azp, else appid, else sub), e.g.
 * {@code produce:acc.*=wla-producers,client:billing-app;consume:*=wla-readers;metadata:*=wla-readers;create:*=wla-admins}.
 * The operation is {@code produce}, {@code consume}, {@code create}, {@code metadata} or {@code *}; in the glob
 * {@code *} matches any run of characters and {@code ?} one. A caller may act when any rule for the operation and
 * topic names one of its groups or roles or its client id; without a matching rule it may not (deny by default).
 * Pure and thread-safe.
 */
public final class TopicPermissions {

    private record Rule(String operation, String glob, Pattern topics, Set<String> grants) {
    }

    private final List<Rule> rules;

    private TopicPermissions(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** Parses the setting; a malformed rule fails with a ConfigException naming it. */
    public static TopicPermissions parse(String setting) {
        List<Rule> rules = new ArrayList<>();
        for (String raw : setting.split(";")) {
            String rule = raw.trim();
            if (rule.isEmpty()) {
                continue;
            }
            int colon = rule.indexOf(':');
            int equals = rule.indexOf('=');
            if (colon <= 0 || equals < colon + 2 || equals == rule.length() - 1) {
                throw invalid(rule, "write <operation>:<topic-glob>=<group>[,<group>...]");
            }
            String operation = rule.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            if (!operation.equals("*") && java.util.Arrays.stream(ApiOperation.values())
                    .noneMatch(op -> op.configName().equals(operation))) {
                throw invalid(rule, "the operation must be produce, consume, create, metadata or *");
            }
            String glob = rule.substring(colon + 1, equals).trim();
            Set<String> grants = new LinkedHashSet<>();
            for (String grant : rule.substring(equals + 1).split(",")) {
                if (!grant.isBlank()) {
                    grants.add(grant.trim());
                }
            }
            if (glob.isEmpty() || grants.isEmpty()) {
                throw invalid(rule, "name a topic glob and at least one group or role");
            }
            rules.add(new Rule(operation, glob, globPattern(glob), grants));
        }
        return new TopicPermissions(rules);
    }

    private static ConfigException invalid(String rule, String hint) {
        return new ConfigException("wla.api.permissions has the rule '" + rule + "' that cannot be read: " + hint);
    }

    /** Whether a caller with these groups/roles may do {@code operation} on {@code topic}. */
    public boolean allows(Set<String> grants, ApiOperation operation, String topic) {
        for (Rule rule : rules) {
            if ((rule.operation().equals("*") || rule.operation().equals(operation.configName()))
                    && rule.topics().matcher(topic).matches() && rule.grants().stream().anyMatch(grants::contains)) {
                return true;
            }
        }
        return false;
    }

    /** Whether some rule gives this caller {@code operation} on any topic at all. */
    public boolean allowsAny(Set<String> grants, ApiOperation operation) {
        return rules.stream().anyMatch(rule -> (rule.operation().equals("*") || rule.operation().equals(operation.configName()))
                && rule.grants().stream().anyMatch(grants::contains));
    }

    /** Throws 403 unless the caller may do {@code operation} on {@code topic}. */
    public void check(ApiCaller caller, ApiOperation operation, String topic) {
        if (!allows(caller.grants(), operation, topic)) {
            throw new ApiException(403, 40301, "Not authorized: client " + caller.clientId() + " has no group, role or client id"
                    + " that wla.api.permissions allows to " + operation.configName() + " on topic '" + topic + "'");
        }
    }

    private static Pattern globPattern(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
