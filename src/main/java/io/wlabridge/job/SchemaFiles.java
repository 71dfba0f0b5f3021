package io.wlabridge.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

import io.wlabridge.config.ConfigException;

/** Avro record schemas from the schemas folder: {@code <dir>/<RecordName>.avsc}. */
public final class SchemaFiles {

    private SchemaFiles() {
    }

    /** The parsed record schema; a missing file or an invalid schema is a ConfigException that names the file. */
    public static Schema load(Path dir, String name) {
        Path file = dir.resolve(name + ".avsc");
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("schema " + name + ": " + file
                    + " does not exist: add the .avsc file or fix the name (wla.job.schemas-dir=" + dir + ")");
        }
        try {
            Schema schema = new Schema.Parser().parse(file.toFile());
            if (schema.getType() != Schema.Type.RECORD) {
                throw new ConfigException("schema " + name + ": " + file + " is not an Avro record schema");
            }
            return schema;
        } catch (IOException | SchemaParseException e) {
            throw new ConfigException("schema " + name + ": " + file + " is not a valid Avro schema: "
                    + e.getMessage().replaceAll("\\s*\\R\\s*", " "));
        }
    }
}
