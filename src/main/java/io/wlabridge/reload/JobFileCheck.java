package io.wlabridge.reload;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.Service;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateParameterDefinition;
import org.apache.camel.spi.PropertiesSource;
import org.apache.camel.spi.Registry;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.util.StringHelper;

import io.wlabridge.config.ConfigException;
import io.wlabridge.job.JobCatalog;
import io.wlabridge.job.JobDefinition;
import io.wlabridge.job.YamlFault;

/**
 * Checks an edited job file before it may replace the running job: loads it with Camel's own YAML loader into a
 * throw-away CamelContext together with the route template and the shared error handling, runs the job checks of
 * {@link JobCatalog}, and builds the routes without starting them, so that unknown components or endpoint options and
 * expressions that do not parse are found here and not in the running service.
 */
public final class JobFileCheck {

    /** What a job file is loaded with (as BridgeMain.ROUTES loads them, without the service's other routes). */
    static final List<String> TEMPLATE_RESOURCES = List.of("classpath:camel/job-template.camel.yaml",
            "classpath:camel/job-errors.camel.yaml");

    private static final Set<String> LIFECYCLE = Set.of("start", "stop", "close", "init", "build", "suspend", "resume",
            "shutdown", "setCamelContext");

    private final CamelContext live;
    private final Path schemasDir;

    /**
     * @param live       the running context: its properties resolve the placeholders, its {@code wla*} beans stand in
     *                   (never started, stopped or closed by the check)
     * @param schemasDir folder of the Avro schemas jobs name
     */
    public JobFileCheck(CamelContext live, Path schemasDir) {
        this.live = live;
        this.schemasDir = schemasDir;
    }

    /**
     * The checked job of the file.
     *
     * @param location where the file is ({@code file:...}), for messages
     * @param content  the file's text
     * @param jobId    the job the file must hold (the file is routes/&lt;job-id&gt;.camel.yaml)
     * @throws ConfigException one line saying what is wrong
     */
    public JobCatalog check(String location, String content, String jobId) {
        DefaultCamelContext check = new DefaultCamelContext(false);
        try {
            check.getCamelContextExtension().setName("wla-reload-check");
            check.disableJMX();
            check.setAutoStartup(false);
            check.getPropertiesComponent().addPropertiesSource(new LiveProperties(live));
            bindStandIns(check.getRegistry());
            // routes that do not start still start their producers; lazy ones connect nowhere (Kafka, database)
            check.addLifecycleStrategy(new LifecycleStrategySupport() {
                @Override
                public void onComponentAdd(String name, Component component) {
                    if (component instanceof DefaultComponent lazy) {
                        lazy.setLazyStartProducer(true);
                    }
                }
            });
            check.build();
            // the check never fires a job: without this the throw-away context would start a Quartz scheduler
            check.getComponent("quartz", QuartzComponent.class).setAutoStartScheduler(false);
            // the same Kafka settings as the service's (KafkaSetup); the check never connects
            check.getComponent("kafka", KafkaComponent.class)
                    .setConfiguration(live.getComponent("kafka", KafkaComponent.class).getConfiguration().copy());

            List<Resource> resources = new ArrayList<>();
            for (String template : TEMPLATE_RESOURCES) {
                resources.add(ResourceHelper.resolveResource(check, template));
            }
            resources.add(ResourceHelper.fromString(location, content));
            try {
                PluginHelper.getRoutesLoader(check).loadRoutes(resources);
            } catch (Exception e) {
                String yaml = YamlFault.describe(e, content);
                throw new ConfigException("cannot be loaded: " + (yaml != null ? yaml : message(e)));
            }
            JobCatalog catalog;
            try {
                catalog = JobCatalog.load(check, schemasDir);
            } catch (ConfigException e) {
                // the caller names file and job; JobCatalog's messages start with both
                throw new ConfigException(e.getMessage().replaceFirst("^.*?: job [a-z0-9-]+: ", ""));
            }
            if (catalog.jobs().size() != 1 || !catalog.jobs().iterator().next().jobId().equals(jobId)) {
                throw new ConfigException("must hold exactly one job, '" + jobId + "' (a templatedRoute of "
                        + JobCatalog.TEMPLATE_ID + " with routeId and jobId " + jobId + "); it holds "
                        + catalog.jobs().stream().map(JobDefinition::jobId).toList());
            }
            knownParameters(check, jobId);
            try {
                // builds every route (endpoints, expressions, bean and data format references) without starting the
                // context: no consumer, no producer, and no ERROR line of Camel's own besides ours
                check.init();
                check.startRouteDefinitions();
            } catch (Exception e) {
                throw new ConfigException("its route cannot be built: " + message(e));
            }
            return catalog;
        } finally {
            check.stop();
        }
    }

    /** Camel ignores template parameters the template does not declare; a misspelt one would silently take its default. */
    private static void knownParameters(CamelContext check, String jobId) {
        Model model = check.getCamelContextExtension().getContextPlugin(Model.class);
        Set<String> declared = new TreeSet<>();
        for (RouteTemplateParameterDefinition p : model.getRouteTemplateDefinition(JobCatalog.TEMPLATE_ID)
                .getTemplateParameters()) {
            declared.add(p.getName());
        }
        RouteDefinition route = model.getRouteDefinition(jobId);
        Set<String> unknown = new TreeSet<>();
        for (String given : route.getTemplateParameters().keySet()) {
            // Camel keeps each parameter under its dashed name too
            unknown.add(StringHelper.dashToCamelCase(given));
        }
        unknown.removeAll(declared);
        if (!unknown.isEmpty()) {
            throw new ConfigException("unknown parameter(s) " + unknown + "; template "
                    + JobCatalog.TEMPLATE_ID + " declares " + declared);
        }
    }

    /**
     * The beans the template names, from the running context: the bridge's own and the job database's pool. Those with a life cycle (the connection pool, the
     * registry data format) are wrapped so that the throw-away context cannot start, stop or close the live ones.
     */
    private void bindStandIns(Registry registry) {
        for (Map.Entry<String, Object> bean : live.getRegistry().findByTypeWithName(Object.class).entrySet()) {
            Object value = bean.getValue();
            // ours (the template's contract, job-template.camel.yaml's header) and the job database's pool
            if (!value.getClass().getName().startsWith("io.wlabridge.") && !(value instanceof DataSource)) {
                continue;
            }
            registry.bind(bean.getKey(), value instanceof Service || value instanceof AutoCloseable ? lifecycleFree(value) : value);
        }
    }

    private static Object lifecycleFree(Object bean) {
        Set<Class<?>> interfaces = new LinkedHashSet<>();
        for (Class<?> c = bean.getClass(); c != null; c = c.getSuperclass()) {
            collect(c, interfaces);
        }
        return Proxy.newProxyInstance(JobFileCheck.class.getClassLoader(), interfaces.toArray(Class<?>[]::new),
                (proxy, method, args) -> {
                    if (LIFECYCLE.contains(method.getName())) {
                        return null;
                    }
                    if (method.getDeclaringClass() == Object.class) {
                        return switch (method.getName()) {
                            case "equals" -> proxy == args[0];
                            case "hashCode" -> System.identityHashCode(proxy);
                            default -> "stand-in for " + bean;
                        };
                    }
                    try {
                        return method.invoke(bean, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static void collect(Class<?> type, Set<Class<?>> into) {
        for (Class<?> i : type.getInterfaces()) {
            if (java.lang.reflect.Modifier.isPublic(i.getModifiers())) {
                into.add(i);
            }
            collect(i, into);
        }
    }

    /** The deepest cause's message on one line: Camel wraps the one that says what is wrong. */
    static String message(Throwable e) {
        Throwable root = e;
        String text = e.getMessage();
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
            if (root.getMessage() != null) {
                text = root.getMessage();
            }
        }
        return text == null ? e.getClass().getSimpleName() : text.replaceAll("\\s*\\R\\s*", " ");
    }

    /** Placeholders resolve as in the running service (application.properties, overrides, environment). */
    private record LiveProperties(CamelContext live) implements PropertiesSource {
        @Override
        public String getName() {
            return "wla-live-properties";
        }

        @Override
        public String getProperty(String name) {
            return live.getPropertiesComponent().resolveProperty(name).orElse(null);
        }
    }

}
