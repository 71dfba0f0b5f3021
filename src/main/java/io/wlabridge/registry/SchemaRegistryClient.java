package io.wlabridge.registry;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Confluent Schema Registry REST client for Avro schemas (docs/contracts/schema-registry.md §3), with a cache so that each (subject, schema) and
 * each id costs one HTTP call per process. Hand-written because Confluent's client is not on Maven Central.
 * Thread-safe.
 */
public class SchemaRegistryClient {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryClient.class);
    private static final String AVRO = "AVRO";
    private static final int SUBJECT_NOT_FOUND = 40401;
    private static final int SCHEMA_NOT_FOUND = 40403;
    private static final int SUBJECT_LEVEL_NOT_CONFIGURED = 40408;

    private final ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private final RegistryHttp http;
    private final SchemaIdCache cache = new SchemaIdCache();

    public SchemaRegistryClient(RegistryClientConfig config) {
        this.http = new RegistryHttp(config, json);
    }

    /** Registers the schema under the subject (idempotent on the registry) and returns its global id. */
    public int register(String subject, Schema schema) {
        Integer cached = cache.idOf(subject, schema);
        if (cached != null) {
            return cached;
        }
        JsonNode reply = call("register the schema", "POST", subjectPath(subject) + "/versions", schemaBody(schema), subject);
        int id = requiredInt(reply, "id", subject);
        cache.putRegistered(subject, schema, id);
        LOG.info("Schema {} is registered under subject {} with id {}", schema.getFullName(), subject, id);
        return id;
    }

    /** Finds the schema among the subject's versions; empty when the subject or the schema is not registered. */
    public Optional<RegisteredSchema> lookup(String subject, Schema schema) {
        RegisteredSchema cached = cache.lookupOf(subject, schema);
        if (cached != null) {
            return Optional.of(cached);
        }
        RegistryHttp.Reply reply = http.send("POST", subjectPath(subject) + "?normalize=false&deleted=false",
                schemaBody(schema), subject);
        if (reply.status() == 404 && (reply.errorCode() == SUBJECT_NOT_FOUND || reply.errorCode() == SCHEMA_NOT_FOUND)) {
            return Optional.empty();
        }
        JsonNode body = checked("look up the schema", subject, reply);
        RegisteredSchema found = new RegisteredSchema(subject, requiredInt(body, "id", subject),
                requiredInt(body, "version", subject), schema);
        cache.putLookup(found);
        LOG.debug("Schema {} found under subject {} with id {} version {}", schema.getFullName(), subject, found.id(),
                found.version());
        return Optional.of(found);
    }

    /** The Avro schema with this global id (what a reader of wire-format bytes needs). */
    public Schema schemaById(int id) {
        Schema cached = cache.schemaOf(id);
        if (cached != null) {
            return cached;
        }
        JsonNode body = call("return schema id " + id, "GET", "/schemas/ids/" + id, null, null);
        Schema schema = avroSchemaOf(body, "schema id " + id, null);
        cache.putSchema(id, schema);
        return schema;
    }

    /** The subject's latest version; not cached, since it changes as schemas evolve. */
    public RegisteredSchema latest(String subject) {
        JsonNode body = call("return the latest version", "GET", subjectPath(subject) + "/versions/latest", null, subject);
        return new RegisteredSchema(subject, requiredInt(body, "id", subject), requiredInt(body, "version", subject),
                avroSchemaOf(body, "the latest schema of subject '" + subject + "'", subject));
    }

    /** One version of the subject (GET /subjects/{subject}/versions/{version}). */
    public RegisteredSchema version(String subject, int version) {
        JsonNode body = call("return version " + version, "GET", subjectPath(subject) + "/versions/" + version, null, subject);
        return new RegisteredSchema(subject, requiredInt(body, "id", subject), requiredInt(body, "version", subject),
                avroSchemaOf(body, "version " + version + " of subject '" + subject + "'", subject));
    }

    /** Whether the schema could be registered under the subject, checked against its latest version. */
    public boolean testCompatibility(String subject, Schema schema) {
        return compatibility(subject, schema, false).compatible();
    }

    /** As {@link #testCompatibility} with the registry's explanation of each incompatibility. */
    public CompatibilityResult testCompatibilityVerbose(String subject, Schema schema) {
        return compatibility(subject, schema, true);
    }

    /** The subject's own compatibility level; empty when it has none and follows the registry's global level. */
    public Optional<String> compatibilityLevel(String subject) {
        RegistryHttp.Reply reply = http.send("GET", "/config" + subjectPath(subject).substring("/subjects".length()), null, subject);
        if (reply.status() == 404 && (reply.errorCode() == SUBJECT_LEVEL_NOT_CONFIGURED || reply.errorCode() == SUBJECT_NOT_FOUND)) {
            return Optional.empty();
        }
        return Optional.of(checked("return the compatibility level", subject, reply).path("compatibilityLevel").asText());
    }

    /** Sets the subject's compatibility level (PUT /config/{subject}). */
    public void setCompatibilityLevel(String subject, String level) {
        call("set the compatibility level", "PUT", "/config" + subjectPath(subject).substring("/subjects".length()),
                json.createObjectNode().put("compatibility", level), subject);
        LOG.info("Subject {} has compatibility level {}", subject, level);
    }

    /** Whether the subject has any version registered. */
    public boolean hasVersions(String subject) {
        RegistryHttp.Reply reply = http.send("GET", subjectPath(subject) + "/versions", null, subject);
        if (reply.status() == 404 && reply.errorCode() == SUBJECT_NOT_FOUND) {
            return false;
        }
        return !checked("list the versions", subject, reply).isEmpty();
    }

    private CompatibilityResult compatibility(String subject, Schema schema, boolean verbose) {
        JsonNode body = call("test compatibility", "POST",
                "/compatibility" + subjectPath(subject) + "/versions/latest?verbose=" + verbose, schemaBody(schema), subject);
        List<String> messages = new ArrayList<>();
        body.path("messages").forEach(message -> messages.add(message.asText()));
        return new CompatibilityResult(body.path("is_compatible").asBoolean(false), messages);
    }

    private JsonNode call(String action, String method, String path, JsonNode body, String subject) {
        return checked(action, subject, http.send(method, path, body, subject));
    }

    private JsonNode checked(String action, String subject, RegistryHttp.Reply reply) {
        if (!reply.ok()) {
            throw RegistryErrors.toException(action, subject, reply);
        }
        if (reply.body() == null) {
            throw new RegistryException("Schema Registry answered HTTP " + reply.status() + " to " + action
                    + " with a body that is not JSON; check that the URL points at a Schema Registry", reply.status(), 0, subject);
        }
        return reply.body();
    }

    private ObjectNode schemaBody(Schema schema) {
        // schemaType is omitted for Avro, as Confluent's 7.x client does (docs/contracts/schema-registry.md §3.1)
        return json.createObjectNode().put("schema", schema.toString());
    }

    private static Schema avroSchemaOf(JsonNode body, String what, String subject) {
        String type = body.path("schemaType").asText(AVRO);
        if (!AVRO.equalsIgnoreCase(type)) {
            throw new RegistryException(what + " is a " + type + " schema; WLA Bridge reads Avro only: check the topic"
                    + " and the schema id", 0, 0, subject);
        }
        if (!body.path("references").isEmpty()) {
            throw new RegistryException(what + " uses schema references, which WLA Bridge does not resolve:"
                    + " register a self-contained schema", 0, 0, subject);
        }
        try {
            return new Schema.Parser().parse(body.path("schema").asText());
        } catch (SchemaParseException e) {
            throw new RegistryException("Schema Registry returned " + what + " that Avro cannot parse ("
                    + RegistryErrors.oneLine(e.getMessage()) + "); check the registered schema", 0, 0, subject, e);
        }
    }

    private static int requiredInt(JsonNode body, String field, String subject) {
        JsonNode value = body.get(field);
        if (value == null || !value.canConvertToInt()) {
            throw new RegistryException("Schema Registry reply lacks the integer field '" + field
                    + "'; check that the URL points at a Confluent-compatible Schema Registry", 200, 0, subject);
        }
        return value.asInt();
    }

    private static String subjectPath(String subject) {
        // URLEncoder encodes for forms; in a path a space must be %20, not '+'
        return "/subjects/" + URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
