package org.hacp.cluster.dispatcher;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.hacp.cluster.job.JobSpec;
import org.hacp.cluster.job.JobStatus;
import org.hacp.fencing.FencedRpcGateway;

/** Job submission, listing and planned handover on the leader; each running job has its own JobMaster. */
public interface DispatcherGateway extends FencedRpcGateway {

    /** Submits a job; completes with its id only after the job is in the HA job store. */
    CompletableFuture<String> submitJob(JobSpec spec);

    /** The jobs this leader knows, with progress. */
    CompletableFuture<List<JobStatus>> listJobs();

    /**
     * Planned handover: this JobManager leaves both elections at once and stays out for
     * {@code stayOutMillis}, so another JobManager wins; with a non-empty {@code successor}, any
     * other JobManager granted within that time steps aside too, until {@code successor} leads.
     * Only the current leader's token is accepted.
     */
    CompletableFuture<Boolean> stepDown(long stayOutMillis, String successor);
}
