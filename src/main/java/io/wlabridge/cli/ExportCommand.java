package io.wlabridge.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.wlabridge.provision.Declared;
import io.wlabridge.provision.TerraformExport;
import io.wlabridge.registry.RegistryAvroDataFormat;

/**
 * {@code export terraform [--file out.tf]}: Terraform for the Confluent provider from the jobs' topic and subject
 * declarations, on stdout or into the file. Loads the jobs without starting them; exit 1 on any error.
 */
public final class ExportCommand {

    /** How {@code export} is called (wla-bridge help export). */
    public static final CommandSpec SPEC = new CommandSpec("export", "export terraform [--file out.tf]",
            "Prints Terraform (Confluent provider) for the topics and subjects the jobs declare.",
            List.of("--file out.tf         write it to this file instead of stdout"),
            "0 written, 1 cannot", Set.of("file"), Set.of(), 1, 1);

    private ExportCommand() {
    }

    public static int execute(Options options, PrintStream out) {
        if (!options.arguments().equals(List.of("terraform"))) {
            throw new UsageException("export needs its format: export terraform [--file out.tf]");
        }
        Options load = options.withOverrides(Map.of("camel.main.auto-startup", "false"));
        try (BridgeMain bridge = new BridgeMain(load).start()) {
            RegistryAvroDataFormat avro = bridge.context().getRegistry().lookupByNameAndType("registryAvroDataFormat", RegistryAvroDataFormat.class);
            String tf = TerraformExport.render(bridge.setup().catalog().jobs().stream()
                    .map(job -> Declared.of(job, avro.getSubjectNameStrategy().subjectFor(job.topic(), avro.isKey(), job.schema())))
                    .toList());
            if (options.value("file").isPresent()) {
                Files.writeString(Path.of(options.value("file").get()), tf, StandardCharsets.UTF_8);
            } else {
                out.print(tf);
            }
            return 0;
        } catch (Exception e) {
            System.err.println("wla-bridge: export terraform: " + Commands.describe(e));
            return 1;
        }
    }
}
