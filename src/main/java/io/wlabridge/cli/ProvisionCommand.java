package io.wlabridge.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;

import io.wlabridge.kafka.AdminProperties;
import io.wlabridge.provision.Change;
import io.wlabridge.provision.ChangeApplier;
import io.wlabridge.provision.ClusterState;
import io.wlabridge.provision.Declared;
import io.wlabridge.provision.ProvisionPlan;
import io.wlabridge.registry.RegistryAvroDataFormat;

/**
 * {@code provision --dry-run|--apply}: makes each job's topic and registry subject what its YAML declares.
 * Exit codes: 0 nothing to do (dry run) or all applied; 3 changes pending (dry run); 1 something cannot be done
 * (nothing is applied then) or an error.
 */
public final class ProvisionCommand {

    /** How {@code provision} is called (wla-bridge help provision). */
    public static final CommandSpec SPEC = new CommandSpec("provision", "provision --dry-run|--apply",
            "Creates or updates the topics and registry subjects the jobs declare (topics and schemas as code).",
            List.of("--dry-run             print the plan, change nothing",
                    "--apply               carry the plan out"),
            "0 done or nothing to do, 3 changes pending (dry run), 1 cannot", Set.of(), Set.of("dry-run", "apply"), 0, 0);

    public static final int PENDING = 3;

    private ProvisionCommand() {
    }

    public static int execute(Options options, PrintStream out) {
        boolean apply = options.flag("apply");
        if (apply == options.flag("dry-run")) {
            throw new UsageException("provision needs exactly one of --dry-run or --apply");
        }
        Options load = options.withOverrides(Map.of("camel.main.auto-startup", "false"));
        try (BridgeMain bridge = new BridgeMain(load).start();
                Admin admin = Admin.create(AdminProperties.of(bridge.context(), 30))) {
            RegistryAvroDataFormat avro = bridge.context().getRegistry().lookupByNameAndType("registryAvroDataFormat", RegistryAvroDataFormat.class);
            List<Declared> declarations = bridge.setup().catalog().jobs().stream()
                    .map(job -> Declared.of(job, avro.getSubjectNameStrategy().subjectFor(job.topic(), avro.isKey(), job.schema())))
                    .toList();
            ProvisionPlan plan = ProvisionPlan.of(new ClusterState(admin, avro.getClient()).read(declarations));
            plan.changes().forEach(change -> out.println(change.printed()));
            if (!plan.feasible()) {
                out.println("nothing applied: resolve the CANNOT lines first");
                return 1;
            }
            if (plan.changes().isEmpty()) {
                out.println("nothing to change");
                return 0;
            }
            if (!apply) {
                return PENDING;
            }
            ChangeApplier applier = new ChangeApplier(admin, avro.getClient());
            for (Change change : plan.changes()) {
                applier.apply(change);
                out.println("DONE   " + change.line());
            }
            return 0;
        } catch (UsageException e) {
            throw e;
        } catch (Exception e) {
            out.println("FAIL   provision: " + Commands.describe(e));
            return 1;
        }
    }
}
