package io.wlabridge.provision;

/**
 * One difference between declared and actual, with the line `provision` prints for it.
 *
 * @param kind   what applying it does
 * @param key    the topic config it concerns (ALTER_CONFIG), else null
 * @param line   the human-readable line, without the leading CHANGE/CANNOT
 * @param doable false when provision must not or cannot make the change (then nothing is applied)
 */
public record Change(Kind kind, Declared declared, String key, String line, boolean doable) {

    public enum Kind { CREATE_TOPIC, ADD_PARTITIONS, ALTER_CONFIG, SET_COMPATIBILITY, REGISTER_SCHEMA, NONE }

    static Change cannot(Declared declared, String line) {
        return new Change(Kind.NONE, declared, null, line, false);
    }

    public String printed() {
        return (doable ? "CHANGE " : "CANNOT ") + line;
    }
}
