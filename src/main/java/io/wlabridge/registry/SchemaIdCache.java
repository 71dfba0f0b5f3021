package io.wlabridge.registry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * Ids and schemas the registry already gave us. Entries never change once the registry assigned them, so they never
 * expire: a job whose ids are cached keeps running while the registry is briefly unreachable.
 */
final class SchemaIdCache {

    private record Key(String subject, Schema schema) {
    }

    private final Map<Key, Integer> registered = new ConcurrentHashMap<>();
    private final Map<Key, RegisteredSchema> lookedUp = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> byId = new ConcurrentHashMap<>();

    /** The id under which the schema is known in the subject, from a register or a lookup; null if unknown. */
    Integer idOf(String subject, Schema schema) {
        Key key = new Key(subject, schema);
        Integer id = registered.get(key);
        if (id != null) {
            return id;
        }
        RegisteredSchema found = lookedUp.get(key);
        return found == null ? null : found.id();
    }

    RegisteredSchema lookupOf(String subject, Schema schema) {
        return lookedUp.get(new Key(subject, schema));
    }

    Schema schemaOf(int id) {
        return byId.get(id);
    }

    void putRegistered(String subject, Schema schema, int id) {
        registered.put(new Key(subject, schema), id);
        byId.putIfAbsent(id, schema);
    }

    void putLookup(RegisteredSchema found) {
        lookedUp.put(new Key(found.subject(), found.schema()), found);
        byId.putIfAbsent(found.id(), found.schema());
    }

    void putSchema(int id, Schema schema) {
        byId.putIfAbsent(id, schema);
    }
}
