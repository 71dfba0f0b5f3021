package io.wlabridge.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

class JobRunListenerTest {

    private static final JobDefinition JOB = new JobDefinition("job-a", "routes/job-a.camel.yaml", "0 0 5 * * ?",
            "topic-a", null, "id", List.of("id"), null, null);

    private final JobRunListener listener = new JobRunListener();

    @Test
    void theRunningRunIsTheStartedOneUntilItFinishes() {
        JobRun run = new JobRun(JOB, "test", LocalDate.of(2026, 3, 2));
        assertThat(listener.running("job-a")).isNull();

        listener.started(run);
        run.countRead();

        assertThat(listener.running("job-a")).isSameAs(run);
        assertThat(listener.running("job-a").read()).isEqualTo(1);
        assertThat(listener.running("job-b")).isNull();

        run.finish();
        listener.finished(run);

        assertThat(listener.running("job-a")).isNull();
        assertThat(listener.lastRun("job-a")).isSameAs(run);
    }

    @Test
    void anOlderRunFinishingLateDoesNotHideTheNewerOne() {
        JobRun older = new JobRun(JOB, "test", LocalDate.of(2026, 3, 2));
        JobRun newer = new JobRun(JOB, "test", LocalDate.of(2026, 3, 2));
        listener.started(older);
        listener.started(newer);

        listener.finished(older);

        assertThat(listener.running("job-a")).isSameAs(newer);
    }
}
