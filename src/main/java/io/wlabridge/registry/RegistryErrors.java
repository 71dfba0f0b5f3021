package io.wlabridge.registry;

/** Maps a registry error reply to our exception types with a one-line message that says what to do (docs/contracts/schema-registry.md §2). */
final class RegistryErrors {

    private static final int MAX_SERVER_MESSAGE = 300;

    private RegistryErrors() {
    }

    /**
     * @param action what we tried, e.g. "register the schema"
     * @param subject the subject involved, or null
     */
    static RegistryException toException(String action, String subject, RegistryHttp.Reply reply) {
        int status = reply.status();
        int code = reply.errorCode();
        String what = "Schema Registry refused to " + action + (subject == null ? "" : " for subject '" + subject + "'")
                + " (HTTP " + status + ", error_code " + code + ": " + oneLine(reply.message()) + ")";
        if (status == 409) {
            return new IncompatibleSchemaException(what + "; the schema is incompatible with the registered versions:"
                    + " evolve it compatibly (e.g. add fields with defaults) or change the subject's compatibility level",
                    code, subject);
        }
        if (status == 422 && code == 42201) {
            return new InvalidSchemaException(what + "; the schema is invalid: fix the Avro schema", code, subject);
        }
        if (status == 401 || status == 403) {
            // the URL without path or query: user info is refused by RegistryClientConfig, so no secret can be in it
            String where = reply.url() == null ? "" : " at " + reply.url().getScheme() + "://" + reply.url().getAuthority();
            return new RegistryAuthException("Schema Registry" + where + " refused to " + action
                    + (subject == null ? "" : " for subject '" + subject + "'") + " (HTTP " + status + " "
                    + (status == 401 ? "Unauthorized" : "Forbidden") + "); " + hint(status, code), status, code, subject);
        }
        if (status >= 500) {
            return new RegistryUnavailableException(what + "; the registry has a server-side problem: check it, then rerun",
                    status, code, subject, null);
        }
        return new RegistryException(what + "; " + hint(status, code), status, code, subject);
    }

    private static String hint(int status, int code) {
        if (status == 401 || status == 403) {
            return "check the registry credentials (API key and secret, or token) and their permissions";
        }
        return switch (code) {
            case 40401 -> "the subject does not exist: register the schema or check the topic and subject name strategy";
            case 40402 -> "that version does not exist: list the subject's versions";
            case 40403 -> "the schema is not registered: register it first";
            case 42205 -> "the registry or subject is in READONLY/IMPORT mode: ask its operators to allow writes";
            default -> "check the request and the registry's configuration";
        };
    }

    /** Server messages can be long or multi-line; keep our messages to one readable line. */
    static String oneLine(String message) {
        String line = message == null ? "" : message.replaceAll("\\s+", " ").trim();
        return line.length() <= MAX_SERVER_MESSAGE ? line : line.substring(0, MAX_SERVER_MESSAGE) + "...";
    }
}
