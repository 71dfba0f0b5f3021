package io.wlabridge.app;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.simpl.SimpleThreadPool;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.wlabridge.cluster.PooledConnectionProvider;
import io.wlabridge.cluster.QuartzTables;
import io.wlabridge.config.Settings;
import io.wlabridge.config.WlaOptions;

/**
 * Clustered scheduling (wla.cluster.enabled): Camel's Quartz component gets a clustered JDBC job store on the job
 * database, so N service instances share the schedules and each fire runs on one of them. The cluster is all
 * instances with the same Camel context name (camel.main.name) on the same database.
 */
public final class ClusterSetup {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterSetup.class);

    /** Quartz's worker threads per instance, as Quartz's default quartz.properties has it for the in-memory store. */
    static final int THREADS = 10;

    private ClusterSetup() {
    }

    /**
     * Configures the Quartz component when clustering is on (call before the context starts); returns whether it is.
     */
    public static boolean configure(CamelContext context, Settings settings, DataSource dataSource) {
        if (!settings.getBoolean(WlaOptions.CLUSTER_ENABLED)) {
            return false;
        }
        String instanceName = settings.get(WlaOptions.CLUSTER_INSTANCE_NAME);
        long checkin = settings.getLong(WlaOptions.CLUSTER_CHECKIN_INTERVAL_MS);
        String delegate = settings.get(WlaOptions.CLUSTER_DRIVER_DELEGATE);
        QuartzTables.create(dataSource);
        if (delegate.isEmpty()) {
            delegate = QuartzTables.delegate(dataSource);
        }
        // Quartz looks its data sources up by name in this JVM-wide registry; one name per context
        String dataSourceName = "wla-" + UUID.randomUUID();
        DBConnectionManager.getInstance().addConnectionProvider(dataSourceName, new PooledConnectionProvider(dataSource));

        Map<String, Object> quartz = new LinkedHashMap<>();
        quartz.put("org.quartz.scheduler.instanceName", context.getName());
        quartz.put("org.quartz.scheduler.instanceId", instanceName.isEmpty() ? "AUTO" : instanceName);
        quartz.put("org.quartz.threadPool.class", SimpleThreadPool.class.getName());
        quartz.put("org.quartz.threadPool.threadCount", String.valueOf(THREADS));
        quartz.put("org.quartz.threadPool.threadsInheritContextClassLoaderOfInitializingThread", "true");
        quartz.put("org.quartz.jobStore.class", JobStoreTX.class.getName());
        quartz.put("org.quartz.jobStore.driverDelegateClass", delegate);
        quartz.put("org.quartz.jobStore.dataSource", dataSourceName);
        quartz.put("org.quartz.jobStore.isClustered", "true");
        quartz.put("org.quartz.jobStore.clusterCheckinInterval", String.valueOf(checkin));
        quartz.put("org.quartz.jobStore.misfireThreshold", "60000");
        QuartzComponent component = context.getComponent("quartz", QuartzComponent.class);
        component.setProperties(quartz);
        // every instance must use the same scheduler name: it is the cluster's key in the qrtz_* tables
        component.setPrefixInstanceName(false);
        LOG.info("clustered scheduling on: cluster {}, instance {}, Quartz delegate {}, check-in every {} ms",
                context.getName(), instanceName.isEmpty() ? "AUTO" : instanceName, delegate, checkin);
        return true;
    }
}
