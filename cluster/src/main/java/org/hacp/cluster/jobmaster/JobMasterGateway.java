package org.hacp.cluster.jobmaster;

import java.util.concurrent.CompletableFuture;
import org.hacp.cluster.job.JobStatus;
import org.hacp.cluster.job.TaskProgress;
import org.hacp.fencing.FencedRpcGateway;

/** One running job's master: TaskExecutors report progress to it. */
public interface JobMasterGateway extends FencedRpcGateway {

    /** A task's progress, from the TaskExecutor running it. */
    void reportProgress(TaskProgress progress);

    /** The job as this master sees it. */
    CompletableFuture<JobStatus> status();
}
