package io.wlabridge.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * {@code --secrets-file=PATH}: a properties file the calling job passes at run time (e.g. written by the scheduler
 * for this run only), read by Camel as one more properties location ahead of application.properties. It must be
 * readable by its owner only, as ssh insists for private keys.
 */
public final class SecretsFile {

    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private SecretsFile() {
    }

    /** Camel's properties location for the file, after checking it exists and only its owner may read it. */
    public static String location(String file) {
        Path path = Path.of(file).toAbsolutePath();
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new ConfigException("--secrets-file " + path + " does not exist or cannot be read by this user");
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
            if (permissions.stream().anyMatch(OTHERS::contains)) {
                throw new ConfigException("--secrets-file " + path + " may be read by other users ("
                        + PosixFilePermissions.toString(permissions) + "): chmod 600 it");
            }
        } catch (UnsupportedOperationException notPosix) {
            // Windows: ACLs, not POSIX bits; the operator secures the file
        } catch (IOException e) {
            throw new ConfigException("--secrets-file " + path + " cannot be read: " + e.getMessage());
        }
        return "file:" + path;
    }
}
