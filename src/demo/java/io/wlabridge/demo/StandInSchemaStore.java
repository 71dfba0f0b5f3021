package io.wlabridge.demo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import org.apache.avro.Schema;

/**
 * State and rules of the registry stand-in: global ids, subjects' versions (soft-deletable), compatibility config.
 * In memory; every public method is synchronized. Avro only.
 */
final class StandInSchemaStore {

    /** A subject version as the registry returns it (docs/contracts/schema-registry.md §3.2, §3.7; 7.x shape, schemaType omitted for Avro). */
    record SchemaVersion(String subject, int version, int id, String schema) {
    }

    /** Result of a compatibility test: empty messages means compatible. */
    record Compatibility(boolean compatible, List<String> messages) {
    }

    private record Entry(int version, int id, boolean deleted) {
        Entry asDeleted() {
            return new Entry(version, id, true);
        }
    }

    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, Integer> idsByCanonicalText = new HashMap<>();
    private final Map<String, List<Entry>> subjects = new TreeMap<>();
    private final Map<String, StandInCompatibility> subjectLevels = new HashMap<>();
    private StandInCompatibility globalLevel = StandInCompatibility.BACKWARD;

    /** Contract §11.1: the same schema gets the same id, in any subject, and no new version. */
    synchronized int register(String subject, String schemaText) {
        Schema schema = parse(schemaText);
        String canonical = schema.toString();
        List<Entry> entries = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
        for (Entry entry : entries) {
            if (!entry.deleted() && schemasById.get(entry.id()).toString().equals(canonical)) {
                return entry.id();
            }
        }
        List<String> problems = levelOf(subject).checkAgainstHistory(schema, liveHistory(subject));
        if (!problems.isEmpty()) {
            throw new StandInError(409, 409, "Schema being registered is incompatible with an earlier schema for subject \""
                    + subject + "\", details: " + problems);
        }
        int id = idsByCanonicalText.computeIfAbsent(canonical, text -> schemasById.size() + 1);
        schemasById.putIfAbsent(id, schema);
        int version = entries.isEmpty() ? 1 : entries.get(entries.size() - 1).version() + 1;
        entries.add(new Entry(version, id, false));
        return id;
    }

    synchronized SchemaVersion lookup(String subject, String schemaText, boolean includeDeleted) {
        Schema schema = parse(schemaText);
        List<Entry> entries = visibleEntries(subject, includeDeleted);
        return entries.stream()
                .filter(entry -> schemasById.get(entry.id()).toString().equals(schema.toString()))
                .reduce((first, later) -> later)
                .map(entry -> reply(subject, entry))
                .orElseThrow(() -> new StandInError(404, 40403, "Schema not found"));
    }

    synchronized SchemaVersion version(String subject, String versionSpec, boolean includeDeleted) {
        return reply(subject, entryOf(subject, versionSpec, includeDeleted));
    }

    synchronized String schemaById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw new StandInError(404, 40403, "Schema " + id + " not found");
        }
        return schema.toString();
    }

    synchronized List<String> subjects(boolean includeDeleted) {
        return subjects.entrySet().stream()
                .filter(subject -> subject.getValue().stream().anyMatch(entry -> includeDeleted || !entry.deleted()))
                .map(Map.Entry::getKey)
                .toList();
    }

    synchronized List<Integer> versions(String subject, boolean includeDeleted) {
        return visibleEntries(subject, includeDeleted).stream().map(Entry::version).toList();
    }

    /** Contract §3.8: soft delete first, then {@code permanent}; ids stay resolvable either way. */
    synchronized List<Integer> deleteSubject(String subject, boolean permanent) {
        List<Entry> entries = subjects.get(subject);
        if (entries == null) {
            throw StandInError.subjectNotFound(subject);
        }
        boolean softDeleted = entries.stream().allMatch(Entry::deleted);
        if (permanent && !softDeleted) {
            throw new StandInError(404, 40405, "Subject '" + subject + "' was not deleted first before being permanently deleted");
        }
        if (!permanent && softDeleted) {
            throw new StandInError(404, 40404, "Subject '" + subject + "' was soft deleted.Set permanent=true to delete permanently");
        }
        List<Integer> versions = entries.stream().map(Entry::version).toList();
        if (permanent) {
            subjects.remove(subject);
        } else {
            entries.replaceAll(Entry::asDeleted);
        }
        return versions;
    }

    /**
     * Contract §3.9: against {@code latest} of an unknown subject the answer is compatible; an unparseable schema is
     * a 42201, or an incompatibility message when verbose.
     */
    synchronized Compatibility testCompatibility(String subject, String versionSpec, String schemaText, boolean verbose) {
        Schema schema;
        try {
            schema = parse(schemaText);
        } catch (StandInError invalid) {
            if (verbose) {
                return new Compatibility(false, List.of(invalid.getMessage()));
            }
            throw invalid;
        }
        boolean latest = isLatest(versionSpec);
        if (latest && liveHistory(subject).isEmpty()) {
            return new Compatibility(true, List.of());
        }
        Entry entry = entryOf(subject, versionSpec, false);
        List<String> problems = levelOf(subject).check(schema, schemasById.get(entry.id()), entry.version());
        return new Compatibility(problems.isEmpty(), problems);
    }

    synchronized String globalLevel() {
        return globalLevel.name();
    }

    synchronized String setGlobalLevel(String level) {
        globalLevel = StandInCompatibility.parse(level);
        return globalLevel.name();
    }

    /** Contract §3.10: 40408 when the subject has no level of its own, unless {@code defaultToGlobal}. */
    synchronized String subjectLevel(String subject, boolean defaultToGlobal) {
        StandInCompatibility level = subjectLevels.get(subject);
        if (level != null) {
            return level.name();
        }
        if (defaultToGlobal) {
            return globalLevel.name();
        }
        throw new StandInError(404, 40408, "Subject '" + subject + "' does not have subject-level compatibility configured");
    }

    synchronized String setSubjectLevel(String subject, String level) {
        StandInCompatibility parsed = StandInCompatibility.parse(level);
        subjectLevels.put(subject, parsed);
        return parsed.name();
    }

    private StandInCompatibility levelOf(String subject) {
        return subjectLevels.getOrDefault(subject, globalLevel);
    }

    private NavigableMap<Integer, Schema> liveHistory(String subject) {
        NavigableMap<Integer, Schema> history = new TreeMap<>();
        subjects.getOrDefault(subject, List.of()).stream()
                .filter(entry -> !entry.deleted())
                .forEach(entry -> history.put(entry.version(), schemasById.get(entry.id())));
        return history;
    }

    private List<Entry> visibleEntries(String subject, boolean includeDeleted) {
        List<Entry> visible = subjects.getOrDefault(subject, List.of()).stream()
                .filter(entry -> includeDeleted || !entry.deleted())
                .toList();
        if (visible.isEmpty()) {
            throw StandInError.subjectNotFound(subject);
        }
        return visible;
    }

    private Entry entryOf(String subject, String versionSpec, boolean includeDeleted) {
        boolean latest = isLatest(versionSpec);
        int version = latest ? -1 : parseVersion(versionSpec);
        List<Entry> visible = visibleEntries(subject, includeDeleted);
        if (latest) {
            return visible.get(visible.size() - 1);
        }
        return visible.stream().filter(entry -> entry.version() == version).findFirst()
                .orElseThrow(() -> new StandInError(404, 40402, "Version " + version + " not found."));
    }

    private SchemaVersion reply(String subject, Entry entry) {
        return new SchemaVersion(subject, entry.version(), entry.id(), schemasById.get(entry.id()).toString());
    }

    private static boolean isLatest(String versionSpec) {
        return "latest".equalsIgnoreCase(versionSpec) || "-1".equals(versionSpec);
    }

    private static int parseVersion(String versionSpec) {
        try {
            int version = Integer.parseInt(versionSpec);
            if (version >= 1) {
                return version;
            }
        } catch (NumberFormatException notANumber) {
            // reported below, as the registry does
        }
        throw new StandInError(422, 42202, "The specified version '" + versionSpec + "' is not a valid version id."
                + " Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    private static Schema parse(String schemaText) {
        if (schemaText == null || schemaText.isBlank()) {
            throw StandInError.invalidSchema("empty schema");
        }
        try {
            return new Schema.Parser().parse(schemaText);
        } catch (RuntimeException e) { // whatever Avro's parser rejects is an invalid schema
            throw StandInError.invalidSchema(String.valueOf(e.getMessage()));
        }
    }
}
