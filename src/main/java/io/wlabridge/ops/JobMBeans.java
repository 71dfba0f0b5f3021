package io.wlabridge.ops;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.wlabridge.job.JobCatalog;
import io.wlabridge.job.JobDefinition;
import io.wlabridge.job.JobTrigger;

/** Registers one {@link JobMXBean} per job on the platform MBeanServer while the bridge runs. */
public final class JobMBeans {

    public static final String DOMAIN = "io.wlabridge";

    private static final Logger LOG = LoggerFactory.getLogger(JobMBeans.class);

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final List<ObjectName> registered = new ArrayList<>();

    public static ObjectName name(String jobId) throws JMException {
        return new ObjectName(DOMAIN + ":type=jobs,name=" + jobId);
    }

    public synchronized void register(JobCatalog catalog, RunLedger ledger, Incidents incidents, JobTrigger trigger)
            throws JMException {
        register(catalog, catalog, ledger, incidents, trigger);
    }

    /** @param live the service's catalog, which knows whether a job's file differs from what runs */
    public synchronized void register(JobCatalog catalog, JobCatalog live, RunLedger ledger, Incidents incidents,
            JobTrigger trigger) throws JMException {
        for (JobDefinition job : catalog.jobs()) {
            ObjectName name = name(job.jobId());
            if (server.isRegistered(name)) {
                // another bridge in this JVM (tests) left it: the newest one answers
                server.unregisterMBean(name);
            }
            server.registerMBean(new JobStatus(job.jobId(), ledger, incidents, trigger, live), name);
            registered.add(name);
        }
    }

    public synchronized void unregister() {
        for (ObjectName name : registered) {
            try {
                if (server.isRegistered(name)) {
                    server.unregisterMBean(name);
                }
            } catch (JMException e) {
                LOG.warn("cannot unregister MBean {}: {}", name, e.getMessage());
            }
        }
        registered.clear();
    }
}
